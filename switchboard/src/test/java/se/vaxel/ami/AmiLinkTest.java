package se.vaxel.ami;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.protocol.AmiMessage;

/** The AMI link against an AMI server over TCP: reconnects, resyncs, pending actions, bad logins, bad input. */
class AmiLinkTest {

    private static final String SECRET = "link-test-secret";

    private static AmiClientConfig fastReconnect(int port, String secret) {
        return AmiClientConfig.of("127.0.0.1", port, "switchboard", secret)
                .withReconnect(Duration.ofMillis(5), Duration.ofMillis(40));
    }

    @Test
    void reconnectsAfterAsteriskGoesAwayAndResyncsWithoutLosingOrDuplicatingCalls() throws Exception {
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("16-resync-midcall"), 0, SECRET);
                SwitchboardHarness sb = new SwitchboardHarness(pbx.port(), SECRET)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sb.live().size() == 5);
            Set<String> before = sb.live().stream().map(c -> c.getString("id")).collect(Collectors.toSet());

            pbx.dropClients();
            await().atMost(Duration.ofSeconds(10)).until(() -> pbx.logins() == 2 && sb.get("/health").getJsonObject("ami").getLong("resyncs") == 2);

            List<JsonObject> after = sb.live();
            assertEquals(before, after.stream().map(c -> c.getString("id")).collect(Collectors.toSet()));
            assertEquals(5, after.size());
            assertTrue(sb.finished().isEmpty(), "no call was ended by the reconnect");
        }
    }

    @Test
    void aHundredDisconnectsLeaveNoExtraThreads() throws Exception {
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, SECRET);
                SwitchboardHarness sb = new SwitchboardHarness(fastReconnect(pbx.port(), SECRET))) {
            AmiLink link = sb.verticle().link();
            await().atMost(Duration.ofSeconds(10)).until(link::isUp);
            int baseline = Thread.activeCount();

            for (int i = 1; i <= 100; i++) {
                pbx.dropClients();
                int expected = i + 1;
                await().atMost(Duration.ofSeconds(10)).until(() -> pbx.logins() == expected && link.isUp());
            }

            long amiThreads = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("vaxel-ami")).count();
            assertEquals(1, amiThreads, "one I/O thread for the link's whole life");
            assertEquals(101, link.resyncs());
            // The JVM's own compiler and GC threads come and go; allow for those, not for one per reconnect.
            assertTrue(Thread.activeCount() <= baseline + 3, "threads " + Thread.activeCount() + " vs " + baseline);
        }
    }

    @Test
    void pendingActionsAllFailAtOnceWhenTheLinkDrops() throws Exception {
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, SECRET).silence("Hangup");
                SwitchboardHarness sb = new SwitchboardHarness(pbx.port(), SECRET)) {
            AmiClient client = sb.verticle().link().client();
            await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);
            List<CompletableFuture<AmiResponse>> waiting = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                waiting.add(client.send(AmiMessage.action("Hangup").add("Channel", "PJSIP/100" + i).build()));
            }
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> waiting.stream().noneMatch(CompletableFuture::isDone));

            pbx.dropClients();

            // Long before the 10 s action timeout: they fail because the link is gone.
            await().atMost(Duration.ofSeconds(2)).until(() -> waiting.stream().allMatch(CompletableFuture::isDone));
            for (CompletableFuture<AmiResponse> f : waiting) {
                CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, f::join);
                AmiException cause = assertInstanceOf(AmiException.class, e.getCause());
                assertEquals(AmiException.Kind.LINK_LOST, cause.kind());
            }
        }
    }

    @Test
    void pendingActionsAreBounded() throws Exception {
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, SECRET).silence("Hangup");
                SwitchboardHarness sb = new SwitchboardHarness(fastReconnect(pbx.port(), SECRET).withMaxPendingActions(5))) {
            await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);
            AmiClient client = sb.verticle().link().client();
            List<CompletableFuture<AmiResponse>> sent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                sent.add(client.send(AmiMessage.action("Hangup").add("Channel", "PJSIP/1001").build()));
            }
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, () -> sent.get(5).join());
            assertEquals(AmiException.Kind.OVERLOADED, ((AmiException) e.getCause()).kind());
            assertTrue(sent.subList(0, 5).stream().noneMatch(CompletableFuture::isDone));
        }
    }

    @Test
    void aResyncThatGetsNoAnswerResetsTheLinkInsteadOfGuessing() throws Exception {
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, SECRET).silence("CoreShowChannels");
                SwitchboardHarness sb = new SwitchboardHarness(fastReconnect(pbx.port(), SECRET).withActionTimeout(Duration.ofMillis(300)))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> pbx.logins() >= 3);
            JsonObject health = sb.get("/health");
            assertEquals(503, health.getInteger("_status"), "never up without a resync");
            assertEquals(0L, health.getJsonObject("ami").getLong("resyncs"));
            assertTrue(java.util.List.of("resyncing", "down", "connecting", "logging_in").contains(health.getJsonObject("ami").getString("state")));
        }
    }

    @Test
    void aWrongSecretIsReportedAndNeverLogsIn() throws Exception {
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, SECRET);
                SwitchboardHarness sb = new SwitchboardHarness(pbx.port(), "not-the-secret")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sb.get("/health").getJsonObject("ami").getString("lastError").contains("Authentication failed"));
            JsonObject health = sb.get("/health");
            assertEquals(503, health.getInteger("_status"));
            assertEquals("down", health.getString("status"));
            assertEquals(0, pbx.logins());
            assertTrue(health.getJsonObject("ami").getString("lastError").contains("'switchboard'"), "says which user");
            assertTrue(!health.encode().contains("not-the-secret"), "never shows the secret");
        }
    }

    @Test
    void badInputIsLoggedAndSurvivedWithoutResettingTheLink() throws Exception {
        Recording call = Recording.load("03-queue-answered");
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, SECRET);
                SwitchboardHarness sb = new SwitchboardHarness(pbx.port(), SECRET)) {
            await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);

            byte[] garbage = new byte[4096];
            new java.util.Random(7).nextBytes(garbage);
            pbx.sendRaw(garbage);
            pbx.sendRaw("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            pbx.sendRaw(("Event: Newchannel\r\nJunk: " + "x".repeat(1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            pbx.send(AmiMessage.event("FrobnicatedWidget").add("Privilege", "call,all").add("Linkedid", "1.1").build());
            pbx.send(AmiMessage.response("Success").add("ActionID", "nobody-sent-this").add("Message", "stray").build());
            pbx.sendRaw("no colon here\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            pbx.send(call.events().stream().map(Recording.Timed::message).toArray(AmiMessage[]::new));

            await().atMost(Duration.ofSeconds(10)).until(() -> sb.finished().size() == 1);
            JsonObject done = sb.finished().get(0);
            assertEquals("+46701234567", done.getString("callerNumber"));
            assertEquals("answered", done.getString("outcome"));
            assertEquals(1, pbx.logins(), "the link was never reset");
            assertTrue(sb.verticle().link().isUp());
        }
    }
}
