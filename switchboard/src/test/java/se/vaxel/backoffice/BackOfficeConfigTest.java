package se.vaxel.backoffice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import se.vaxel.routing.ContactCentre.InvalidConfiguration;

/** The back office's configuration: the shipped file, and every problem in a bad one reported at once. */
class BackOfficeConfigTest {

    @Test
    void theShippedBackOfficeLoads() {
        BackOffice office = BackOffice.load(null, Map.of());
        assertTrue(office.departments().containsKey("social-services"));
        assertEquals(5, office.department("building-permits").orElseThrow().feedbackWorkingDays());
        assertEquals(2, office.department("education").orElseThrow().feedbackWorkingDays(), "the default");
        assertTrue(office.officer("officer-johan").orElseThrow().worksIn("education"));
        assertNull(office.webhook(), "no external system unless configured");
    }

    @Test
    void everyProblemIsNamed() {
        String json = """
                {"departments": [{"id": "Bad Id"}, {"id": "ok", "feedbackWorkingDays": -1}, {"id": "ok"}],
                 "officers": [{"id": "anna", "departments": ["nowhere"], "device": "2001"}],
                 "webhook": {"url": "ftp://example.org/x"}}""";
        InvalidConfiguration e = assertThrows(InvalidConfiguration.class, () -> BackOffice.parse(json, "bo.json", Map.of()));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("departments[0].id"), all);
        assertTrue(all.contains("departments[1].feedbackWorkingDays"), all);
        assertTrue(all.contains("'ok' is listed twice"), all);
        assertTrue(all.contains("officers[0].departments: 'nowhere'"), all);
        assertTrue(all.contains("officers[0].device"), all);
        assertTrue(all.contains("webhook.url"), all);
    }

    @Test
    void theWebhookSecretComesFromTheSettingsNeverTheFile() {
        String json = """
                {"departments": [{"id": "d"}], "webhook": {"url": "https://cases.example.org/hook", "secretSetting": "MY_SECRET"}}""";
        InvalidConfiguration e = assertThrows(InvalidConfiguration.class, () -> BackOffice.parse(json, "bo.json", Map.of()));
        assertTrue(e.getMessage().contains("MY_SECRET"), e.getMessage());
        assertEquals("s3cret", BackOffice.parse(json, "bo.json", Map.of("MY_SECRET", "s3cret")).webhook().secret());
    }
}
