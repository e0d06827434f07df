package dev.a3c.worker;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for the TLS tests, made at test time: a CA issues server certificates (for
 * {@code localhost} and {@code 127.0.0.1}, or given names) and client certificates, written as PEM
 * files (certificates, and private keys in PKCS#8) into a folder. EC P-256 keys, valid for a day.
 */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate and its key as PEM files. */
    public record Pem(Path certificate, Path privateKey) {}

    /** A certificate authority. */
    public static final class Authority {
        private final X500Name name;
        private final KeyPair keys;
        private final Path dir;
        public final Path certificate;

        private Authority(String commonName, Path dir) throws IOException, GeneralSecurityException {
            this.name = new X500Name("CN=" + commonName);
            this.keys = keyPair();
            this.dir = dir;
            X509v3CertificateBuilder builder = builder(name, name, keys);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            this.certificate = writeCertificate(sign(builder, keys), dir.resolve(fileName(commonName) + "-ca.pem"));
        }

        /** A server certificate for {@code localhost} and {@code 127.0.0.1}. */
        public Pem server(String commonName) throws IOException, GeneralSecurityException {
            return server(commonName, List.of("localhost"), List.of("127.0.0.1"));
        }

        /** A server certificate for these DNS names and IP addresses. */
        public Pem server(String commonName, List<String> dnsNames, List<String> ipAddresses)
                throws IOException, GeneralSecurityException {
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
            return issue(commonName, KeyPurposeId.id_kp_serverAuth, new GeneralNames(names.toArray(GeneralName[]::new)));
        }

        /** A client certificate. */
        public Pem client(String commonName) throws IOException, GeneralSecurityException {
            return issue(commonName, KeyPurposeId.id_kp_clientAuth, null);
        }

        private Pem issue(String commonName, KeyPurposeId purpose, GeneralNames alternativeNames)
                throws IOException, GeneralSecurityException {
            KeyPair subject = keyPair();
            X509v3CertificateBuilder builder = builder(name, new X500Name("CN=" + commonName), subject);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (alternativeNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
            }
            String base = fileName(commonName);
            Path certificate = writeCertificate(sign(builder, keys), dir.resolve(base + ".pem"));
            Path key = Files.writeString(dir.resolve(base + "-key.pem"),
                    pem("PRIVATE KEY", subject.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            return new Pem(certificate, key);
        }
    }

    private TestPki() {}

    /** A new CA whose certificate is written into {@code dir}. */
    public static Authority authority(String commonName, Path dir) throws IOException, GeneralSecurityException {
        return new Authority(commonName, dir);
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static Path writeCertificate(X509Certificate certificate, Path file) throws IOException,
            GeneralSecurityException {
        return Files.writeString(file, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static String fileName(String commonName) {
        return commonName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
