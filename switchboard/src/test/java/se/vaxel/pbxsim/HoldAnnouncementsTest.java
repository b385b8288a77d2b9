package se.vaxel.pbxsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * The shipped [vaxel-hold] as Växel drives it: Setvar of VAXEL_POSITION / VAXEL_EWT_MINUTES on the parked citizen,
 * said with Playback and SayNumber between stretches of music, and the fallback deadline still in force.
 */
class HoldAnnouncementsTest {

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
     * Each music stretch (the Wait between StartMusicOnHold and StopMusicOnHold) against the LEFT and STRETCH it
     * was computed from: {@code ${IF($[${LEFT} > ${STRETCH}]?${STRETCH}:${LEFT})}}. Returns the stretches seen.
     */
    private static List<Integer> assertStretches(AmiTestClient c, String channel) {
        String left = null;
        String stretch = null;
        List<Integer> seen = new java.util.ArrayList<>();
        for (AmiMessage m : c.events()) {
            if (!channel.equals(m.get("Channel"))) {
                continue;
            }
            if ("VarSet".equals(m.eventName()) && "LEFT".equals(m.get("Variable"))) {
                left = m.get("Value");
            } else if ("VarSet".equals(m.eventName()) && "STRETCH".equals(m.get("Variable"))) {
                stretch = m.get("Value");
            } else if ("Newexten".equals(m.eventName()) && "vaxel-hold".equals(m.get("Context")) && "Wait".equals(m.get("Application"))) {
                int l = Integer.parseInt(left);
                int n = Integer.parseInt(stretch);
                assertEquals(Integer.toString(l > n ? n : l), m.get("AppData"), "stretch with LEFT=" + l + ", STRETCH=" + n);
                seen.add(Integer.parseInt(m.get("AppData")));
            }
        }
        assertTrue(!seen.isEmpty(), "no music stretch seen");
        return seen;
    }

    @Test
    void announcementsAreSaidWhenTheyChangeBetweenMusicStretchesAndTheCallIsNotCut() {
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().mode(SimConfig.Mode.ROUTE).build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            // The shipped global, turned down for the test: two seconds of music between announcements.
            setvar(c, null, "VAXEL_ANNOUNCE_EVERY", "2");
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
            assertStretches(c, chan);
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
    void theStretchIsShortUntilVaxelSpeaksThenThirtySecondsOrWhatIsLeftBeforeTheFallback() {
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().mode(SimConfig.Mode.ROUTE).build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            String first = pbx.placeCitizenCall("+46701110002", '1', Duration.ofMinutes(5));
            AmiMessage waiting = c.awaitEvent("Newexten", m -> first.equals(m.get("Linkedid"))
                    && "Wait".equals(m.get("Application")), Duration.ofSeconds(10));
            String chan = waiting.get("Channel");
            assertEquals("2", waiting.get("AppData"), "Växel has said nothing yet: two seconds, then look again");
            setvar(c, chan, "VAXEL_POSITION", "4");
            AmiMessage thirty = c.awaitEvent("Newexten", m -> chan.equals(m.get("Channel"))
                    && "Wait".equals(m.get("Application")) && !"2".equals(m.get("AppData")), Duration.ofSeconds(10));
            assertEquals("30", thirty.get("AppData"), "told where they stand: the shipped 30 s");
            assertEquals(1, count(c, "MusicOnHoldStart", chan) - count(c, "MusicOnHoldStop", chan), "music plays");

            setvar(c, null, "VAXEL_HOLD_TIMEOUT", "3");
            String second = pbx.placeCitizenCall("+46701110003", '2', Duration.ofMinutes(5));
            AmiMessage fallback = c.awaitEvent("UserEvent", m -> second.equals(m.get("Linkedid"))
                    && "VaxelFallback".equals(m.get("UserEvent")), Duration.ofSeconds(10));
            String other = fallback.get("Channel");
            // 3 s left: stretches of 2, then what is left
            assertTrue(assertStretches(c, other).stream().allMatch(n -> n <= 2));
            assertEquals(0, count(c, "Hangup", other));
            assertEquals(0, pbx.errors());
        }
    }

    @Test
    void anAnnounceIntervalOfNothingOrZeroCountsAsThirtySecondsRatherThanSpinning() {
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().mode(SimConfig.Mode.ROUTE).build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            for (String every : new String[] {"0", ""}) {
                setvar(c, null, "VAXEL_ANNOUNCE_EVERY", every);
                String call = pbx.placeCitizenCall("+4670111000" + (every.isEmpty() ? "5" : "4"), '1', Duration.ofMinutes(5));
                AmiMessage first = c.awaitEvent("Newexten", m -> call.equals(m.get("Linkedid"))
                        && "Wait".equals(m.get("Application")), Duration.ofSeconds(10));
                String chan = first.get("Channel");
                setvar(c, chan, "VAXEL_POSITION", "1");
                AmiMessage told = c.awaitEvent("Newexten", m -> chan.equals(m.get("Channel"))
                        && "Wait".equals(m.get("Application")) && !"2".equals(m.get("AppData")), Duration.ofSeconds(10));
                assertEquals("30", told.get("AppData"), "VAXEL_ANNOUNCE_EVERY='" + every + "'");
            }
            assertEquals(0, pbx.errors());
        }
    }
}
