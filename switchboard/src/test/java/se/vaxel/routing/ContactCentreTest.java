package se.vaxel.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ContactCentreTest {

    @Test
    void theShippedFileAgreesWithTheShippedDialplanAndQueues() throws IOException {
        ContactCentre cc = ContactCentre.load(null);
        String extensions = resource("/dialplans/extensions.conf");
        String queues = resource("/dialplans/queues.conf");

        for (Service s : cc.services()) {
            assertTrue(extensions.contains("ExecIf($[\"${CHOICE}\" = \"" + s.ivrDigit() + "\"]?Set(__SERVICE=" + s.id() + "))"),
                    "digit " + s.ivrDigit() + " leads to " + s.id() + " in the IVR");
            assertTrue(queues.contains("[" + s.fallbackQueue() + "]"), "fallback queue " + s.fallbackQueue() + " exists");
        }
        Set<String> queueMembers = members(queues);
        Set<String> devices = cc.agents().stream().map(AgentProfile::device).collect(Collectors.toSet());
        assertEquals(queueMembers, devices, "the same agent phones as the fallback queues");
        assertEquals(Service.ServiceLevel.DEFAULT, cc.service("schools").orElseThrow().target());
        assertEquals(AgentSelection.LEAST_CALLS_TODAY, cc.service("schools").orElseThrow().rule().selection());
        assertEquals(Duration.ofSeconds(120), cc.service("elder-care").orElseThrow().rule().overflowAfter());
        assertEquals("social-services", cc.serviceForDigit('1').orElseThrow().id());
    }

    private static Set<String> members(String queues) {
        Matcher m = Pattern.compile("(?m)^member => (PJSIP/\\d+)").matcher(queues);
        Set<String> out = new java.util.HashSet<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = ContactCentreTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void openingHoursFollowTheLocalClockAndHolidays() {
        OpeningHours h = ContactCentre.load(null).service("social-services").orElseThrow().hours();
        assertTrue(h.isOpen(Instant.parse("2026-11-23T08:30:00Z")), "Monday 09:30 in Stockholm");
        assertFalse(h.isOpen(Instant.parse("2026-11-23T06:30:00Z")), "Monday 07:30 in Stockholm");
        assertFalse(h.isOpen(Instant.parse("2026-11-22T10:00:00Z")), "a Sunday");
        assertFalse(h.isOpen(Instant.parse("2026-12-24T10:00:00Z")), "Christmas Eve");
        assertTrue(h.isOpen(Instant.parse("2026-11-27T13:59:00Z")), "Friday 14:59");
        assertFalse(h.isOpen(Instant.parse("2026-11-27T14:00:00Z")), "Friday 15:00 closes");
    }

    @Test
    void aBrokenFileIsReportedWholeWithWhereEachProblemIs() {
        String json = """
                {"timeZone": "Mars/Olympus",
                 "services": [
                   {"id": "a", "ivrDigit": "12", "serviceLevel": {"share": 1.5}, "agentSelection": "random"},
                   {"id": "a", "ivrDigit": "1", "priority": -1, "overflow": {"afterSeconds": 60},
                    "openingHours": {"funday": ["08:00-16:00"], "monday": ["17:00-08:00"], "closedDates": ["24/12"]}},
                   {"ivrDigit": "2"}
                 ],
                 "agents": [
                   {"id": "x", "device": "1001", "skills": {"a": 11, "nosuch": 3}},
                   {"id": "x", "device": "PJSIP/1002", "skills": {"a": 2}}
                 ]}
                """;
        ContactCentre.InvalidConfiguration e = assertThrows(ContactCentre.InvalidConfiguration.class,
                () -> ContactCentre.parse(json, "test.json"));
        List<String> expected = List.of(
                "timeZone: 'Mars/Olympus'",
                "services[0].ivrDigit: must be one digit 0-9, not '12'",
                "services[0].serviceLevel.share",
                "services[0].agentSelection: 'random'",
                "services[1].priority: must be a whole number 0-9, not -1",
                "services[1].overflow.skills",
                "services[1].openingHours.funday",
                "services[1].openingHours.monday: '17:00-08:00'",
                "services[1].openingHours.closedDates: '24/12'",
                "services[2].id: missing",
                "agents[0].device: must be a device like PJSIP/1001, not '1001'",
                "agents[0].skills.a: a level is a whole number 1-10, not 11",
                "agents[0].skills.nosuch: no service needs this skill",
                "agents[1].id: 'x' is used twice");
        for (String problem : expected) {
            assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(problem)), "reports " + problem + " in " + e.problems());
        }
        assertTrue(e.getMessage().startsWith("test.json is not a valid configuration"));
    }

    @Test
    void notJsonAtAllIsSaidSo() {
        ContactCentre.InvalidConfiguration e = assertThrows(ContactCentre.InvalidConfiguration.class,
                () -> ContactCentre.parse("{services: [", "x.json"));
        assertTrue(e.problems().get(0).startsWith("not JSON"));
    }

    @Test
    void twoServicesOnOneDigitAreRefused() {
        ContactCentre.InvalidConfiguration e = assertThrows(ContactCentre.InvalidConfiguration.class, () -> ContactCentre.parse("""
                {"services": [{"id": "a", "ivrDigit": "1"}, {"id": "b", "ivrDigit": "1"}], "agents": []}
                """, "x.json"));
        assertEquals(List.of("services[1].ivrDigit: '1' is used twice"), e.problems());
    }

    @Test
    void callbacksNeedTheMunicipalitysNumberAndSaneLimits() {
        ContactCentre.InvalidConfiguration e = assertThrows(ContactCentre.InvalidConfiguration.class,
                () -> ContactCentre.parse("""
                        {"callbacks": {"municipalityNumber": "switchboard", "maxAttempts": 0, "retryAfterSeconds": 1},
                         "services": [{"id": "a", "ivrDigit": "1", "callback": {"offerWhenWaitOverSeconds": -5}},
                                      {"id": "b", "ivrDigit": "2", "callback": 120}],
                         "agents": [{"id": "x", "device": "PJSIP/1001", "skills": {"a": 5}}]}
                        """, "test"));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("callbacks.municipalityNumber")), e.getMessage());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("callbacks.maxAttempts")), e.getMessage());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("callbacks.retryAfterSeconds")), e.getMessage());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("services[0].callback.offerWhenWaitOverSeconds")), e.getMessage());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("services[1].callback: must be an object")), e.getMessage());

        ContactCentre.InvalidConfiguration none = assertThrows(ContactCentre.InvalidConfiguration.class,
                () -> ContactCentre.parse("""
                        {"services": [{"id": "a", "ivrDigit": "1", "callback": {"offerWhenWaitOverSeconds": 120}}],
                         "agents": [{"id": "x", "device": "PJSIP/1001", "skills": {"a": 5}}]}
                        """, "test"));
        assertEquals(List.of("service a: its callback offer needs the top-level \"callbacks\": {\"municipalityNumber\": ...} block"),
                none.problems());

        ContactCentre shipped = ContactCentre.load(null);
        assertTrue(shipped.callbacks().enabled());
        assertEquals(Duration.ofSeconds(180), shipped.service("schools").orElseThrow().callbackOfferAfter());
        assertEquals(null, shipped.service("switchboard").orElseThrow().callbackOfferAfter(), "the switchboard answers general questions at once");
    }
}
