package se.vaxel.pbxsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.protocol.AmiMessage;

/** List framing and item shapes of the resync actions, compared with recordings 07 and 16. */
class ListActionsTest {

    private static AmiMessage recorded(String scenario, String event) {
        return Recording.load(scenario).stream().filter(m -> event.equals(m.eventName())).findFirst().orElseThrow();
    }

    private static void sameHeaders(String scenario, AmiMessage ours) {
        assertEquals(AmiSessionTest.names(recorded(scenario, ours.eventName())), AmiSessionTest.names(ours),
                ours.eventName() + " header names and order");
    }

    @Test
    void resyncListsWhileACitizenWaits() {
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            AmiMessage pause = c.action(AmiMessage.action("QueuePause").add("Interface", "PJSIP/1007").add("Paused", "true")
                    .add("Reason", "lunch"));
            assertEquals("Interface paused successfully", pause.get("Message"));
            for (String ext : List.of("1008", "1004")) {
                c.action(AmiMessage.action("QueuePause").add("Queue", "schools").add("Interface", "PJSIP/" + ext)
                        .add("Paused", "true"));
            }
            AmiMessage memberPause = c.awaitEvent("QueueMemberPause", m -> "PJSIP/1007".equals(m.get("Interface")),
                    Duration.ofSeconds(1));
            sameHeaders("07-status-actions", memberPause);
            assertEquals("lunch", memberPause.get("PausedReason"));

            String linkedid = pbx.placeCitizenCall("+46703334455", '3', Duration.ofSeconds(60));
            AmiMessage join = c.awaitEvent("QueueCallerJoin", m -> linkedid.equals(m.get("Linkedid")), Duration.ofSeconds(10));
            sameHeaders("07-status-actions", join);
            String chan = join.get("Channel");

            List<AmiMessage> qs = c.list(AmiMessage.action("QueueStatus").add("Queue", "schools"), "QueueStatusComplete");
            AmiMessage start = qs.get(0);
            assertEquals(List.of("Response", "ActionID", "EventList", "Message"), AmiSessionTest.names(start));
            assertEquals("Queue status will follow", start.get("Message"));
            for (AmiMessage m : qs.subList(1, qs.size())) {
                sameHeaders("07-status-actions", m);
            }
            AmiMessage entry = qs.stream().filter(m -> "QueueEntry".equals(m.eventName())).findFirst().orElseThrow();
            assertEquals(chan, entry.get("Channel"));
            assertEquals("1", entry.get("Position"));
            AmiMessage done = qs.get(qs.size() - 1);
            assertEquals(Integer.toString(qs.size() - 2), done.get("ListItems"));
            assertEquals(3, qs.stream().filter(m -> "QueueMember".equals(m.eventName()) && "1".equals(m.get("Paused"))).count());

            List<AmiMessage> sum = c.list(AmiMessage.action("QueueSummary").add("Queue", "schools"), "QueueSummaryComplete");
            sameHeaders("07-status-actions", sum.get(1));
            assertEquals("0", sum.get(1).get("Available"));
            assertEquals("1", sum.get(1).get("Callers"));

            List<AmiMessage> cs = c.list(AmiMessage.action("CoreShowChannels"), "CoreShowChannelsComplete");
            assertEquals("Channels will follow", cs.get(0).get("Message"));
            AmiMessage item = cs.get(1);
            sameHeaders("07-status-actions", item);
            assertEquals("ActionID", item.name(1), "CoreShowChannel puts ActionID right after Event");
            assertEquals("Queue", item.get("Application"));
            assertEquals("schools", item.get("ApplicationData"), "the shipped observe-mode Queue() has no timeout");
            sameHeaders("07-status-actions", cs.get(cs.size() - 1));

            List<AmiMessage> st = c.list(AmiMessage.action("Status"), "StatusComplete");
            AmiMessage status = st.get(1);
            sameHeaders("07-status-actions", status);
            assertEquals("Call", status.get("Privilege"));
            AmiMessage stDone = st.get(st.size() - 1);
            assertEquals(stDone.get("ListItems"), stDone.get("Items"));

            List<AmiMessage> one = c.list(AmiMessage.action("Status").add("Channel", chan).add("AllVariables", "true"),
                    "StatusComplete");
            assertTrue(one.get(1).getAll("Variable").contains("SERVICE=schools"), one.get(1).toString());

            assertEquals("schools", c.action(AmiMessage.action("Getvar").add("Channel", chan).add("Variable", "SERVICE"))
                    .get("Value"));
            assertEquals("+46703334455", c.action(AmiMessage.action("Getvar").add("Channel", chan)
                    .add("Variable", "CALLERID(num)")).get("Value"));

            List<AmiMessage> bl = c.list(AmiMessage.action("BridgeList"), "BridgeListComplete");
            assertEquals("0", bl.get(bl.size() - 1).get("ListItems"));

            AmiMessage add = c.action(AmiMessage.action("QueueAdd").add("Queue", "schools").add("Interface", "PJSIP/1012")
                    .add("MemberName", "Per Hedlund").add("Paused", "true"));
            assertEquals("Added interface to queue", add.get("Message"));
            sameHeaders("07-status-actions", c.awaitEvent("QueueMemberAdded", m -> true, Duration.ofSeconds(1)));
            AmiMessage rm = c.action(AmiMessage.action("QueueRemove").add("Queue", "schools").add("Interface", "PJSIP/1012"));
            assertEquals("Removed interface from queue", rm.get("Message"));

            AmiMessage hang = c.action(AmiMessage.action("Hangup").add("Channel", chan).add("Cause", "16"));
            assertEquals("Channel Hungup", hang.get("Message"));
            AmiMessage abandon = c.awaitEvent("QueueCallerAbandon", m -> chan.equals(m.get("Channel")), Duration.ofSeconds(2));
            sameHeaders("04-queue-abandon", abandon);
            assertEquals(0, pbx.errors());
        }
    }
}
