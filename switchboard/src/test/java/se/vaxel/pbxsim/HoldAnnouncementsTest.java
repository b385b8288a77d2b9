package se.vaxel.pbxsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * The shipped [vaxel-hold] as Växel drives it: Setvar of VAXEL_POSITION / VAXEL_EWT_MINUTES on the parked citizen,
 * said with Playback and SayNumber between stretches of music, and the fallback deadline still in force.
 */
class HoldAnnouncementsTest {

    private static final String SHIPPED_STRETCH = "${IF($[${LEFT} > 30]?30:${LEFT})}";

    @TempDir
    Path dir;

    private static String shipped(String file) throws IOException {
        try (InputStream in = HoldAnnouncementsTest.class.getResourceAsStream("/dialplans/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void setvar(AmiTestClient c, String channel, String variable, String value) {
        AmiMessage.Builder a = AmiMessage.action("Setvar").add("Variable", variable).add("Value", value);
        if (channel != null) {
            a.add("Channel", channel);
        }
        assertEquals("Success", c.action(a).get("Response"));
    }

    /** The dialplan steps a channel ran in a context, in order. */
    private static List<AmiMessage> steps(AmiTestClient c, String channel, String context) {
        return c.events().stream().filter(m -> "Newexten".equals(m.eventName()) && channel.equals(m.get("Channel"))
                && context.equals(m.get("Context"))).toList();
    }

    private static List<String> data(List<AmiMessage> steps, String application) {
        return steps.stream().filter(m -> application.equals(m.get("Application"))).map(m -> m.get("AppData")).toList();
    }

    private static long count(AmiTestClient c, String event, String channel) {
        return c.events().stream().filter(m -> event.equals(m.eventName()) && channel.equals(m.get("Channel"))).count();
    }

    /**
     * Each MusicOnHold step against the LEFT it was computed from: the shipped stretch is
     * {@code ${IF($[${LEFT} > N]?N:${LEFT})}}, so N while more is left, else what is left.
     */
    private static void assertStretches(AmiTestClient c, String channel, int stretch) {
        String left = null;
        int checked = 0;
        for (AmiMessage m : c.events()) {
            if (!channel.equals(m.get("Channel"))) {
                continue;
            }
            if ("VarSet".equals(m.eventName()) && "LEFT".equals(m.get("Variable"))) {
                left = m.get("Value");
            } else if ("Newexten".equals(m.eventName()) && "MusicOnHold".equals(m.get("Application"))) {
                int l = Integer.parseInt(left);
                assertEquals("default," + (l > stretch ? stretch : l), m.get("AppData"), "stretch with LEFT=" + l);
                checked++;
            }
        }
        assertTrue(checked > 0, "no MusicOnHold step seen");
    }

    @Test
    void announcementsAreSaidWhenTheyChangeBetweenMusicStretchesAndTheCallIsNotCut() throws IOException {
        String quick = shipped("extensions.conf").replace(SHIPPED_STRETCH, "${IF($[${LEFT} > 2]?2:${LEFT})}");
        assertNotEquals(shipped("extensions.conf"), quick, "the music stretch is where this test expects it");
        Files.writeString(dir.resolve("extensions.conf"), quick);
        Files.writeString(dir.resolve("queues.conf"), shipped("queues.conf"));
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().dialplanDir(dir).mode(SimConfig.Mode.ROUTE)
                .build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            String linkedid = pbx.placeCitizenCall("+46701110001", '3', Duration.ofMinutes(5));
            String chan = c.awaitEvent("Newchannel", m -> linkedid.equals(m.get("Uniqueid")), Duration.ofSeconds(5))
                    .get("Channel");
            // Växel's estimate is there before the citizen reaches the hold: the first loop says it
            setvar(c, chan, "VAXEL_POSITION", "3");
            setvar(c, chan, "VAXEL_EWT_MINUTES", "14");
            c.awaitEvent("MusicOnHoldStart", m -> chan.equals(m.get("Channel")), Duration.ofSeconds(15));
            // moved up, and nobody staffs the service any more: no estimate
            setvar(c, chan, "VAXEL_POSITION", "2");
            setvar(c, chan, "VAXEL_EWT_MINUTES", "");
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> count(c, "MusicOnHoldStart", chan) >= 3);

            List<AmiMessage> hold = steps(c, chan, "vaxel-hold");
            assertEquals(List.of("3", "14", "2"), data(hold, "SayNumber"),
                    "said once per change, nothing in the third loop");
            assertEquals(List.of("vaxel-your-position", "vaxel-your-position"), data(hold, "Playback").stream()
                    .filter(f -> f.equals("vaxel-your-position")).toList());
            assertEquals(1, data(hold, "Playback").stream().filter(f -> f.equals("vaxel-minutes")).count());
            assertTrue(data(hold, "Goto").stream().filter(t -> t.equals("wait")).count() >= 2, "Goto(wait) loops");
            assertStretches(c, chan, 2);
            assertEquals(0, count(c, "Hangup", chan) + count(c, "HangupRequest", chan)
                    + count(c, "SoftHangupRequest", chan), "the citizen is still on hold");

            // the deadline still holds between announcements: a channel's own VAXEL_HOLD_TIMEOUT hides the global
            setvar(c, chan, "VAXEL_HOLD_TIMEOUT", "1");
            AmiMessage fallback = c.awaitEvent("UserEvent", m -> chan.equals(m.get("Channel"))
                    && "VaxelFallback".equals(m.get("UserEvent")), Duration.ofSeconds(10));
            assertEquals("schools", fallback.get("Service"));
            c.awaitEvent("QueueCallerJoin", m -> chan.equals(m.get("Channel")), Duration.ofSeconds(2));
            assertEquals(0, pbx.errors());
        }
    }

    @Test
    void theShippedStretchIsThirtySecondsOrWhatIsLeftBeforeTheFallback() {
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().mode(SimConfig.Mode.ROUTE).build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            String first = pbx.placeCitizenCall("+46701110002", '1', Duration.ofMinutes(5));
            AmiMessage music = c.awaitEvent("Newexten", m -> first.equals(m.get("Linkedid"))
                    && "MusicOnHold".equals(m.get("Application")), Duration.ofSeconds(10));
            assertEquals("default,30", music.get("AppData"), "300 s left: a 30 s stretch");

            setvar(c, null, "VAXEL_HOLD_TIMEOUT", "3");
            String second = pbx.placeCitizenCall("+46701110003", '2', Duration.ofMinutes(5));
            AmiMessage fallback = c.awaitEvent("UserEvent", m -> second.equals(m.get("Linkedid"))
                    && "VaxelFallback".equals(m.get("UserEvent")), Duration.ofSeconds(10));
            String chan = fallback.get("Channel");
            // 3 s left (2 if a second ticked over in between): the stretch is what is left, not 30 s
            assertStretches(c, chan, 30);
            assertEquals(0, count(c, "Hangup", chan));
            assertEquals(0, pbx.errors());
        }
    }
}
