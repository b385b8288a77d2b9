package se.vaxel.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** HashPassword reads the password from standard input only, and its hash checks with bcrypt. */
class HashPasswordTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return HashPassword.run(args, null, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void thePipedPasswordIsHashedWithASaltAndTheHashChecks() {
        assertEquals(0, run("Sommar på Öland 2026\nignored second line\n"));
        String hash = out.toString(StandardCharsets.UTF_8).trim();
        assertTrue(hash.startsWith("$2a$12$"), hash);
        assertTrue(Passwords.isHash(hash));
        assertTrue(new Passwords().matches("Sommar på Öland 2026", hash));
        assertTrue(!new Passwords().matches("Sommar på Öland 2025", hash));
    }

    @Test
    void aPasswordOnTheCommandLineIsRefusedAndSoAreTooShortAndTooLongOnes() {
        assertEquals(2, run("", "secret-on-argv"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("never the command line"));
        assertEquals(2, run("short\n"));
        assertEquals(2, run("x".repeat(73) + "\n"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
