package dev.a3c.infra.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourceTest {

    private static final String SECRET = "s3cr3t-Token_42";
    private static final Function<String, String> ENV = Map.of("A3C_TOKEN", "  " + SECRET + "\n",
            "EMPTY", "  ", "SPACED", "two words")::get;

    @TempDir
    Path dir;

    @Test
    void readsTheTrimmedContentOfAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "\n  " + SECRET + "  \r\n");
        assertEquals(SECRET, TokenSource.fromFile(file));
        assertEquals(Optional.of(SECRET), TokenSource.resolve(file, null, ENV));
    }

    @Test
    void readsTheTrimmedValueOfAnEnvironmentVariable() {
        assertEquals(SECRET, TokenSource.fromEnvironment("A3C_TOKEN", ENV));
        assertEquals(Optional.of(SECRET), TokenSource.resolve(null, "A3C_TOKEN", ENV));
    }

    @Test
    void noSourceMeansNoToken() {
        assertEquals(Optional.empty(), TokenSource.resolve(null, null, ENV));
    }

    @Test
    void aMissingOrEmptyFileIsRefusedByName() throws Exception {
        Path missing = dir.resolve("nope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenSource.fromFile(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"), e.getMessage());

        Path empty = Files.writeString(dir.resolve("empty"), " \n\t");
        e = assertThrows(IllegalArgumentException.class, () -> TokenSource.fromFile(empty));
        assertEquals("token file '" + empty + "' holds an empty token", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> TokenSource.fromFile(dir));
        assertTrue(e.getMessage().contains("is not a file"), e.getMessage());
    }

    @Test
    void anUnsetOrEmptyVariableIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TokenSource.fromEnvironment("UNSET", ENV));
        assertEquals("environment variable UNSET (the token) is not set", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TokenSource.fromEnvironment("EMPTY", ENV));
        assertEquals("environment variable EMPTY holds an empty token", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TokenSource.fromEnvironment(" ", ENV));
    }

    @Test
    void aTokenThatCannotTravelInAHeaderIsRefusedWithoutQuotingIt() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TokenSource.fromEnvironment("SPACED", ENV));
        assertFalse(e.getMessage().contains("two words"), e.getMessage());
        Path file = Files.writeString(dir.resolve("utf8"), "caf\u00e9-secret");
        e = assertThrows(IllegalArgumentException.class, () -> TokenSource.fromFile(file));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void bothSourcesAtOnceAreRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), SECRET);
        assertThrows(IllegalArgumentException.class, () -> TokenSource.resolve(file, "A3C_TOKEN", ENV));
    }
}
