package se.vaxel.pbxsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * Observe-mode calls through the shipped dialplan, compared per call with the recordings 03, 04 and 05.
 * The recordings used Local channels for both the caller and the agents; the simulator's citizens are
 * PJSIP/trunk-N channels and its agents PJSIP/10xx phones, so the comparison is on the caller's channel from its
 * Queue() step on, where app_queue's behaviour (not the channel technology) decides the events.
 */
class QueueFlowTest {

    @TempDir
    Path dir;

    private static List<String> ours(AmiTestClient c, String linkedid) {
        List<AmiMessage> mine = c.received().stream().filter(m -> !m.isEvent() || m.get("Linkedid") == null
                || linkedid.equals(m.get("Linkedid"))).toList();
        String caller = mine.stream().filter(m -> "Newchannel".equals(m.eventName())).findFirst().orElseThrow().get("Channel");
        return Recording.sequenceFromQueue(mine, caller);
    }

    private static void awaitCallGone(PbxSimulator pbx, AmiTestClient c, String linkedid, int seconds) {
        Awaitility.await().atMost(Duration.ofSeconds(seconds)).until(() -> c.events().stream().filter(m ->
                "Hangup".equals(m.eventName()) && linkedid.equals(m.get("Linkedid"))
                && m.get("Channel").startsWith("PJSIP/trunk")).count() == 1);
    }

    @Test
    void answeredCallMatchesRecording03() {
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            String linkedid = pbx.placeCitizenCall("+46701234567", '1', Duration.ofSeconds(30));
            awaitCallGone(pbx, c, linkedid, 15);

            List<AmiMessage> rec = Recording.load("03-queue-answered");
            List<String> expected = Recording.sequenceFromQueue(rec, Recording.queueCaller(rec));
            assertEquals(expected, ours(c, linkedid));

            AmiMessage queued = c.awaitEvent("UserEvent", m -> linkedid.equals(m.get("Linkedid")), Duration.ofSeconds(1));
            assertEquals("VaxelCallQueued", queued.get("UserEvent"));
            assertEquals("social-services", queued.get("Service"));
            AmiMessage connect = c.awaitEvent("AgentConnect", m -> linkedid.equals(m.get("Linkedid")), Duration.ofSeconds(1));
            assertTrue(connect.get("DestChannel").matches("PJSIP/10\\d\\d-[0-9a-f]{8}"), connect.get("DestChannel"));
            assertEquals(linkedid, connect.get("DestLinkedid"), "the agent leg shares the call's Linkedid");
            // differs from 03: a PJSIP agent phone runs no dialplan, so the agent leg has no Newexten/LocalBridge
            assertFalse(c.events().stream().anyMatch(m -> "Newexten".equals(m.eventName())
                    && m.get("Channel").startsWith("PJSIP/10")));
            assertEquals(0, pbx.errors());
        }
    }

    @Test
    void abandonMatchesRecording04() {
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick()
                .agents(SimTestSupport.quick().build().agents().withNeverAnswer(Set.of("1009", "1010", "1002"))).build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            String linkedid = pbx.placeCitizenCall("+46721234567", '4', Duration.ofMillis(1500));
            awaitCallGone(pbx, c, linkedid, 15);

            List<AmiMessage> rec = Recording.load("04-queue-abandon");
            List<String> expected = new ArrayList<>(Recording.sequenceFromQueue(rec, Recording.queueCaller(rec)));
            List<String> actual = ours(c, linkedid);
            // 04 rang the member twice (timeout 4 s, retry 1 s); with the shipped 15 s ring timeout the citizen
            // gives up during the first ring, so compare from the last ring on.
            int lastRec = expected.lastIndexOf("AgentCalled");
            List<String> head = expected.subList(0, expected.indexOf("AgentCalled"));
            List<String> tail = new ArrayList<>(expected.subList(lastRec, expected.size()));
            // differs from 04: a Local caller sees its ;1 half go (HangupRequest Cause 0) and ends with
            // SoftHangupRequest; a PJSIP citizen hanging up sends BYE: HangupRequest (Cause 16) first, then Hangup.
            tail.remove("SoftHangupRequest");
            int hr = tail.indexOf("HangupRequest");
            tail.remove(hr);
            List<String> exp = new ArrayList<>(head);
            exp.addAll(tail);
            exp.add(exp.indexOf("AgentCalled") + 3, "HangupRequest");
            assertEquals(exp, actual);
            AmiMessage ab = c.awaitEvent("QueueCallerAbandon", m -> linkedid.equals(m.get("Linkedid")), Duration.ofSeconds(1));
            assertEquals("elder-care", ab.get("Queue"));
            assertEquals("1", ab.get("OriginalPosition"));
            assertEquals(0, pbx.errors());
        }
    }

    @Test
    void ringNoAnswerThenAnswerMatchesRecording05() throws IOException {
        // 05's queue: linear, timeout 4, retry 1, first member never answers, the second does
        try (InputStream in = getClass().getResourceAsStream("/dialplans/extensions.conf")) {
            Files.write(dir.resolve("extensions.conf"), in.readAllBytes());
        }
        Files.writeString(dir.resolve("queues.conf"), """
                [social-services]
                strategy = linear
                timeout = 1
                retry = 1
                ringinuse = no
                member => PJSIP/1003,0,Maria Holm,PJSIP/1003
                member => PJSIP/1002,0,Erik Berg,PJSIP/1002
                """);
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().dialplanDir(dir)
                .agents(SimTestSupport.quick().build().agents().withNeverAnswer(Set.of("1003"))).build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            String linkedid = pbx.placeCitizenCall("+46731234567", '1', Duration.ofSeconds(60));
            awaitCallGone(pbx, c, linkedid, 20);

            List<AmiMessage> rec = Recording.load("05-ring-no-answer-then-answer");
            assertEquals(Recording.sequenceFromQueue(rec, Recording.queueCaller(rec)), ours(c, linkedid));
            AmiMessage rna = c.awaitEvent("AgentRingNoAnswer", m -> linkedid.equals(m.get("Linkedid")), Duration.ofSeconds(1));
            assertEquals("PJSIP/1003", rna.get("Interface"));
            long ringMs = Long.parseLong(rna.get("RingTime"));
            assertTrue(ringMs >= 900 && ringMs < 3000, "RingTime is in milliseconds: " + ringMs);
            AmiMessage connect = c.awaitEvent("AgentConnect", m -> linkedid.equals(m.get("Linkedid")), Duration.ofSeconds(1));
            assertEquals("PJSIP/1002", connect.get("Interface"));
            assertEquals(0, pbx.errors());
        }
    }
}
