package se.vaxel.pbxsim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.protocol.AmiMessage;
import se.vaxel.pbxsim.core.ManagerActions;

/** Login, errors and the simple actions, against the responses recorded in 01, 02 and 07. */
class AmiSessionTest {

    static PbxSimulator pbx;

    @BeforeAll
    static void start() {
        pbx = PbxSimulator.start(SimTestSupport.quick().build());
    }

    @AfterAll
    static void stop() {
        pbx.close();
    }

    @Test
    void loginPingCommandLogoffAsRecorded() {
        try (AmiTestClient c = AmiTestClient.connect(pbx.port())) {
            assertEquals("Asterisk Call Manager/9.0.0", c.banner());
            AmiMessage login = c.action(AmiMessage.action("Login").add("ActionID", "sb-1")
                    .add("Username", SimTestSupport.USER).add("Secret", SimTestSupport.SECRET));
            assertEquals(List.of("Response", "ActionID", "Message"), names(login));
            assertEquals("Authentication accepted", login.get("Message"));
            AmiMessage booted = c.awaitEvent("FullyBooted", m -> true, Duration.ofSeconds(2));
            assertEquals("system,all", booted.get("Privilege"));
            AmiMessage auth = c.awaitEvent("SuccessfulAuth", m -> true, Duration.ofSeconds(2));
            assertTrue(c.received().indexOf(booted) < c.received().indexOf(auth), "FullyBooted comes before SuccessfulAuth");
            assertEquals(SimTestSupport.USER, auth.get("AccountID"));

            AmiMessage ping = c.action(AmiMessage.action("Ping"));
            assertEquals("Pong", ping.get("Ping"));
            assertTrue(ping.get("Timestamp").matches("\\d{10}\\.\\d{6}"), ping.get("Timestamp"));

            AmiMessage version = c.action(AmiMessage.action("Command").add("Command", "core show version"));
            assertEquals("Command output follows", version.get("Message"));
            assertTrue(version.get("Output").startsWith("Asterisk 20.20.1 built by"), version.get("Output"));

            AmiMessage channels = c.action(AmiMessage.action("Command").add("Command", "core show channels"));
            assertTrue(channels.getAll("Output").stream().anyMatch(l -> l.endsWith("active channels")
                    || l.endsWith("active channel")), channels.toString());

            AmiMessage settings = c.action(AmiMessage.action("CoreSettings"));
            assertEquals("20.20.1", settings.get("AsteriskVersion"));

            AmiMessage bye = c.action(AmiMessage.action("Logoff"));
            assertEquals("Goodbye", bye.get("Response"));
            assertEquals("Thanks for all the fish.", bye.get("Message"));
            await().atMost(Duration.ofSeconds(2)).until(c::closedByPeer);
        }
    }

    @Test
    void wrongSecretFailsAfterAboutASecondAndCloses() {
        try (AmiTestClient c = AmiTestClient.connect(pbx.port())) {
            long t0 = System.nanoTime();
            AmiMessage r = c.action(AmiMessage.action("Login").add("Username", SimTestSupport.USER).add("Secret", "wrong"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("Error", r.get("Response"));
            assertEquals("Authentication failed", r.get("Message"));
            assertTrue(ms >= 900, "answered after " + ms + " ms");
            await().atMost(Duration.ofSeconds(2)).until(c::closedByPeer);
            assertTrue(c.events().isEmpty(), "no events to an unauthenticated client");
        }
    }

    @Test
    void unknownUserFailsToo() {
        try (AmiTestClient c = AmiTestClient.connect(pbx.port())) {
            AmiMessage r = c.action(AmiMessage.action("Login").add("Username", "nosuchuser").add("Secret", "x"));
            assertEquals("Authentication failed", r.get("Message"));
            await().atMost(Duration.ofSeconds(2)).until(c::closedByPeer);
        }
    }

    @Test
    void md5ChallengeLogin() {
        try (AmiTestClient c = AmiTestClient.connect(pbx.port())) {
            AmiMessage ch = c.action(AmiMessage.action("Challenge").add("AuthType", "MD5"));
            String key = ManagerActions.md5Hex(ch.get("Challenge") + SimTestSupport.SECRET);
            AmiMessage r = c.action(AmiMessage.action("Login").add("AuthType", "MD5")
                    .add("Username", SimTestSupport.USER).add("Key", key));
            assertEquals("Authentication accepted", r.get("Message"));
        }
    }

    @Test
    void actionsBeforeLoginArePermissionDeniedAndTheSocketStaysOpen() {
        try (AmiTestClient c = AmiTestClient.connect(pbx.port())) {
            AmiMessage r1 = c.action(AmiMessage.action("Ping").add("ActionID", "sb-1"));
            assertEquals(List.of("Response", "ActionID", "Message"), names(r1));
            assertEquals("Permission denied", r1.get("Message"));
            AmiMessage r2 = c.action(AmiMessage.action("QueueStatus").add("ActionID", "sb-2"));
            assertEquals("sb-2", r2.actionId());
            assertFalse(c.closedByPeer());
            AmiMessage ok = c.action(AmiMessage.action("Login").add("Username", SimTestSupport.USER)
                    .add("Secret", SimTestSupport.SECRET));
            assertEquals("Success", ok.get("Response"));
        }
    }

    @Test
    void unknownActionThenRequestBadFormatAfterTheNextResponse() {
        try (AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            AmiMessage r = c.action(AmiMessage.action("FrobnicateWidgets").add("Foo", "bar"));
            assertEquals("Error", r.get("Response"));
            assertEquals("Invalid/unknown command: FrobnicateWidgets. Use Action: ListCommands to show available commands.",
                    r.get("Message"));
            AmiMessage next = c.action(AmiMessage.action("Ping"));
            AmiMessage bad = c.awaitEvent("RequestBadFormat", m -> true, Duration.ofSeconds(2));
            assertEquals("Action: FrobnicateWidgets", bad.get("RequestType"));
            assertTrue(c.received().indexOf(next) < c.received().indexOf(bad));
        }
    }

    @Test
    void missingMandatoryFields() {
        try (AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            assertEquals("Channel not specified", c.action(AmiMessage.action("Redirect").add("Exten", "1001")).get("Message"));
            assertEquals("Channel not specified", c.action(AmiMessage.action("Originate").add("Exten", "1")).get("Message"));
            assertEquals("No channel specified", c.action(AmiMessage.action("Hangup")).get("Message"));
            assertEquals("No such channel", c.action(AmiMessage.action("Getvar").add("Channel", "Local/nosuch@x-00000000;1")
                    .add("Variable", "SERVICE")).get("Message"));
            assertEquals("No variable specified", c.action(AmiMessage.action("Getvar")).get("Message"));
            assertEquals("Unable to remove interface: Not there", c.action(AmiMessage.action("QueueRemove")
                    .add("Queue", "schools").add("Interface", "PJSIP/1999")).get("Message"));
            AmiMessage global = c.action(AmiMessage.action("Getvar").add("Variable", "VAXEL_HOLD_TIMEOUT"));
            assertEquals("300", global.get("Value"));
        }
    }

    static List<String> names(AmiMessage m) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            out.add(m.name(i));
        }
        return out;
    }
}
