package se.vaxel.pbxsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.protocol.AmiMessage;

/** Call-backs through vaxel-callback and the failure shape, as in recording 08. */
class OriginateTest {

    @Test
    void callbackRingsTheAgentFirstThenTheCitizen() {
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            AmiMessage r = c.action(AmiMessage.action("Originate").add("ActionID", "callback-1")
                    .add("Channel", "PJSIP/1007").add("Context", "vaxel-callback").add("Exten", "+46701234567")
                    .add("Priority", "1").add("CallerID", "\"Agent 1007\" <1007>").add("Timeout", "10000")
                    .add("Async", "true").add("Variable", "CASE_ID=case-4711").add("ChannelId", "cb-1-agent"));
            assertEquals(List.of("Response", "ActionID", "Message"), AmiSessionTest.names(r));
            assertEquals("Originate successfully queued", r.get("Message"));

            AmiMessage ok = c.awaitEvent("OriginateResponse", m -> "callback-1".equals(m.actionId()), Duration.ofSeconds(5));
            assertEquals(List.of("Event", "Privilege", "ActionID", "Response", "Channel", "Context", "Exten", "Reason",
                    "Uniqueid", "CallerIDNum", "CallerIDName"), AmiSessionTest.names(ok));
            assertEquals("Success", ok.get("Response"));
            assertEquals("4", ok.get("Reason"));
            assertEquals("cb-1-agent", ok.get("Uniqueid"));
            assertTrue(ok.get("Channel").startsWith("PJSIP/1007-"));
            assertEquals("1007", ok.get("CallerIDNum"));

            AmiMessage dial = c.awaitEvent("DialBegin", m -> ok.get("Channel").equals(m.get("Channel")), Duration.ofSeconds(5));
            assertTrue(dial.get("DestChannel").startsWith("PJSIP/trunk-"), dial.get("DestChannel"));
            assertEquals("cb-1-agent", dial.get("DestLinkedid"), "the citizen leg's Linkedid is the agent leg's Uniqueid");
            assertEquals("+46701234567@trunk", dial.get("DialString"));
            AmiMessage citizenUp = c.awaitEvent("BridgeEnter", m -> m.get("Channel").startsWith("PJSIP/trunk-"),
                    Duration.ofSeconds(10));
            assertEquals("cb-1-agent", citizenUp.get("Linkedid"));
            AmiMessage getvar = c.action(AmiMessage.action("Getvar").add("Channel", ok.get("Channel")).add("Variable", "CASE_ID"));
            assertEquals("case-4711", getvar.get("Value"));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pbx.liveChannels() == 0);
            assertEquals(0, pbx.errors());
        }
    }

    @Test
    void originateToAMissingContextFailsLikeRecording08() {
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            AmiMessage r = c.action(AmiMessage.action("Originate").add("ActionID", "callback-2-fail")
                    .add("Channel", "Local/nobody@no-such-context").add("Context", "citizen-out")
                    .add("Exten", "+46701234567").add("Priority", "1").add("Async", "true"));
            assertEquals("Success", r.get("Response"));
            AmiMessage fail = c.awaitEvent("OriginateResponse", m -> "callback-2-fail".equals(m.actionId()),
                    Duration.ofSeconds(5));
            AmiMessage recorded = Recording.load("08-originate-callback").stream()
                    .filter(m -> "callback-2-fail".equals(m.actionId()) && m.isEvent()).findFirst().orElseThrow();
            assertEquals(recorded, fail, "same headers and values as Asterisk");
            assertEquals(2, c.events().stream().filter(m -> "Newchannel".equals(m.eventName())).count());
            assertEquals(2, c.events().stream().filter(m -> "Hangup".equals(m.eventName()) && "0".equals(m.get("Cause")))
                    .count());
            assertEquals(0, pbx.errors());
        }
    }

    @Test
    void originateLocalWithApplication() {
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            c.action(AmiMessage.action("Originate").add("ActionID", "o-4").add("Channel", "Local/1001@agents")
                    .add("Application", "Wait").add("Data", "1").add("Async", "true"));
            AmiMessage ok = c.awaitEvent("OriginateResponse", m -> "o-4".equals(m.actionId()), Duration.ofSeconds(5));
            assertEquals("Success", ok.get("Response"));
            assertEquals("Wait", ok.get("Application"));
            assertTrue(ok.get("Channel").matches("Local/1001@agents-[0-9a-f]{8};1"), ok.get("Channel"));
            assertEquals(1, c.events().stream().filter(m -> "LocalBridge".equals(m.eventName())).count());
            // the ;2 half dialled the phone: PJSIP/1001 shares the Linkedid of the ;1 half
            AmiMessage dial = c.awaitEvent("DialBegin", m -> m.get("DestChannel").startsWith("PJSIP/1001-"),
                    Duration.ofSeconds(1));
            assertEquals(ok.get("Uniqueid"), dial.get("DestLinkedid"));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pbx.liveChannels() == 0);
            assertEquals(0, pbx.errors());
        }
    }

    @Test
    void unknownEndpointFails() {
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            c.action(AmiMessage.action("Originate").add("ActionID", "o-3").add("Channel", "PJSIP/4711")
                    .add("Context", "vaxel-callback").add("Exten", "+46701234567"));
            AmiMessage fail = c.awaitEvent("OriginateResponse", m -> "o-3".equals(m.actionId()), Duration.ofSeconds(5));
            assertEquals("Failure", fail.get("Response"));
            assertEquals("<unknown>", fail.get("Uniqueid"));
        }
    }
}
