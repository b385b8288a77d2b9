package se.vaxel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaxelConfigTest {

    @Test
    void withoutAnAmiHostTheBuiltInSimulatorIsUsed() {
        VaxelConfig c = VaxelConfig.from(Map.of());
        assertTrue(c.useSimulator());
        assertEquals(8080, c.httpPort());
        assertEquals("127.0.0.1", c.httpHost(), "citizens' numbers stay on the host until there is a log-in");
        assertEquals(VaxelConfig.SHIPPED_SERVICES, c.services());
        assertEquals(java.util.List.of("citizen-in"), c.citizenContexts());
    }

    @Test
    void theEnvironmentNamesARealAsterisk() {
        VaxelConfig c = VaxelConfig.from(Map.of("VAXEL_AMI_HOST", "pbx.example.org", "VAXEL_AMI_PORT", "5039",
                "VAXEL_AMI_USERNAME", "sb", "VAXEL_AMI_SECRET", "from-env", "VAXEL_HTTP_PORT", "9090"));
        assertFalse(c.useSimulator());
        assertEquals(5039, c.amiPort());
        assertEquals("sb", c.amiUsername());
        assertEquals(9090, c.httpPort());
        assertFalse(c.toString().contains("from-env"), "the secret never shows in toString");
    }

    @Test
    void aRealAsteriskWithoutASecretIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VaxelConfig.from(Map.of("VAXEL_AMI_HOST", "pbx")));
        assertTrue(e.getMessage().contains("VAXEL_AMI_SECRET"));
    }

    @Test
    void badNumbersAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VaxelConfig.from(Map.of("VAXEL_HTTP_PORT", "eighty")));
        assertTrue(e.getMessage().contains("VAXEL_HTTP_PORT"));
        assertThrows(IllegalArgumentException.class, () -> VaxelConfig.from(Map.of("VAXEL_AMI_PORT", "70000")));
    }

    @Test
    void logInSettingsHaveAShiftLongSessionAndNamedErrors() {
        VaxelConfig d = VaxelConfig.from(Map.of());
        assertEquals(java.time.Duration.ofHours(10), d.auth().sessionLength());
        assertEquals(java.util.Set.of("protected_identity"), d.auth().protectedIdentityRoles());
        assertEquals(null, d.auth().usersFile(), "no users file: nobody can log in");
        VaxelConfig c = VaxelConfig.from(Map.of("VAXEL_SESSION_HOURS", "8.5", "VAXEL_PROTECTED_IDENTITY_ROLES", "sekretess, chef",
                "VAXEL_USERS_FILE", "/etc/vaxel/users.json"));
        assertEquals(java.time.Duration.ofMinutes(510), c.auth().sessionLength());
        assertEquals(java.util.Set.of("sekretess", "chef"), c.auth().protectedIdentityRoles());
        assertEquals(Path.of("/etc/vaxel/users.json"), c.auth().usersFile());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VaxelConfig.from(Map.of("VAXEL_SESSION_HOURS", "0")));
        assertTrue(e.getMessage().contains("VAXEL_SESSION_HOURS"), e.getMessage());
    }

    @Test
    void aPropertiesFileIsReadAndTheEnvironmentWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vaxel.properties");
        Files.writeString(file, "VAXEL_AMI_HOST=10.1.1.1\nVAXEL_AMI_SECRET=from-file\nVAXEL_HTTP_PORT=7000\n");
        VaxelConfig c = VaxelConfig.from(Map.of("VAXEL_CONFIG", file.toString(), "VAXEL_HTTP_PORT", "7001"));
        assertEquals("10.1.1.1", c.amiHost());
        assertEquals("from-file", c.amiSecret());
        assertEquals(7001, c.httpPort());
    }

    @Test
    void aMissingPropertiesFileIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VaxelConfig.from(Map.of("VAXEL_CONFIG", "/nonexistent/vaxel.properties")));
        assertTrue(e.getMessage().contains("/nonexistent/vaxel.properties"));
    }
}
