#!/usr/bin/env bash
# Certificates for the TLS overlay (k8s/tls/): a certificate authority of your own and the parameter server's
# certificate, signed by it, for the names workers reach it by (a3c-server, a3c-server.a3c, a3c-server.a3c.svc,
# a3c-server.a3c.svc.cluster.local).
#
#   k8s/tls/certificates.sh [DIR] [DAYS]     DIR: this folder (default); DAYS: how long they are valid (365)
#
# Writes into DIR what the overlay's secretGenerator reads: ca.crt (the workers trust it), tls.crt and tls.key (the
# server's chain and its PKCS#8 key, as `a3c server --tls-key` needs), and ca.key, which signs them: keep it out of
# the cluster and out of version control (k8s/tls/.gitignore lists all four). Refuses to overwrite a ca.key.
# Certificates from elsewhere (cert-manager, your PKI) do as well: put them in DIR under the same names.
set -euo pipefail
dir="${1:-$(cd "$(dirname "$0")" && pwd)}"
days="${2:-365}"
command -v openssl >/dev/null || { echo "certificates.sh needs openssl" >&2; exit 1; }
mkdir -p "$dir"
cd "$dir"
if [ -e ca.key ]; then
  echo "$dir/ca.key exists: remove ca.key, ca.crt, tls.crt and tls.key first to issue new ones" >&2
  exit 1
fi
umask 077
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

openssl req -x509 -newkey rsa:3072 -nodes -keyout ca.key -out ca.crt -days "$days" -subj "/CN=a3c certificate authority" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:3072 -nodes -keyout "$work/server.key" -out "$work/server.csr" -subj "/CN=a3c-server" 2>/dev/null
cat > "$work/server.ext" <<EXT
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:a3c-server, DNS:a3c-server.a3c, DNS:a3c-server.a3c.svc, DNS:a3c-server.a3c.svc.cluster.local
EXT
openssl x509 -req -in "$work/server.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -CAserial "$work/ca.srl" \
  -out tls.crt -days "$days" -extfile "$work/server.ext" 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in "$work/server.key" -out tls.key
chmod 644 ca.crt tls.crt
echo "wrote $dir/ca.crt, tls.crt, tls.key (and ca.key: keep it to yourself), valid for $days days"
