package se.vaxel.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.protocol.AmiMessage;
import se.vaxel.calls.CallEvent;
import se.vaxel.calls.CallSnapshot;
import se.vaxel.calls.CallState;

class AmiEventTranslatorTest {

    private final List<CallEvent> out = new ArrayList<>();
    private final AmiEventTranslator translator = new AmiEventTranslator(DialplanContract.DEFAULT, out::add, Clock.systemUTC());

    private static AmiMessage.Builder ev(String name, String uniqueid, String linkedid) {
        return AmiMessage.event(name).add("Channel", "PJSIP/trunk-0000000" + uniqueid.charAt(uniqueid.length() - 1))
                .add("Context", "citizen-in")
                .add("CallerIDNum", "+46701234567").add("Uniqueid", uniqueid).add("Linkedid", linkedid);
    }

    private void feed(AmiMessage.Builder... events) {
        for (AmiMessage.Builder b : events) {
            translator.accept(b.build());
        }
    }

    private <T extends CallEvent> List<T> of(Class<T> type) {
        return out.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private void parkedCall() {
        feed(ev("Newchannel", "1.1", "1.1"),
                ev("UserEvent", "1.1", "1.1").add("UserEvent", "VaxelCallQueued").add("Service", "schools"));
    }

    @Test
    void aDialEndThatComesTwiceCountsOnce() {
        parkedCall();
        feed(ev("DialBegin", "1.1", "1.1").add("DestChannel", "PJSIP/1001-00000002").add("DestUniqueid", "1.2"),
                ev("DialEnd", "1.1", "1.1").add("DestChannel", "PJSIP/1001-00000002").add("DestUniqueid", "1.2").add("DialStatus", "NOANSWER"),
                ev("DialEnd", "1.1", "1.1").add("DestChannel", "PJSIP/1001-00000002").add("DestUniqueid", "1.2").add("DialStatus", "CANCEL"));

        List<CallEvent.RingNoAnswer> misses = of(CallEvent.RingNoAnswer.class);
        assertEquals(1, misses.size());
        assertEquals("PJSIP/1001", misses.get(0).agent());
        assertEquals("NOANSWER", misses.get(0).reason());
    }

    @Test
    void theCallersNumberComesFromTheChannelEvenWhenTheUserEventRepeatsTheHeader() {
        feed(ev("Newchannel", "1.1", "1.1").set("CallerIDNum", "<unknown>"),
                AmiMessage.event("UserEvent").add("CallerIDNum", "+46731112233").add("Uniqueid", "1.1").add("Linkedid", "1.1")
                        .add("UserEvent", "VaxelCallQueued").add("Service", "schools").add("CallerIDNum", "spoofed-by-dialplan"));

        CallEvent.Arrived arrived = of(CallEvent.Arrived.class).get(0);
        assertEquals(null, arrived.callerNumber(), "<unknown> is no number");
        assertEquals("+46731112233", of(CallEvent.CallerNumberKnown.class).get(0).callerNumber());
        assertEquals("schools", of(CallEvent.Waiting.class).get(0).service());
    }

    @Test
    void aCallEndsWhenItsLastChannelHangsUp() {
        parkedCall();
        feed(ev("Newchannel", "1.2", "1.1"), ev("Hangup", "1.2", "1.1"));
        assertTrue(of(CallEvent.Abandoned.class).isEmpty(), "one channel of two is still up");

        feed(ev("Hangup", "1.1", "1.1"), ev("Hangup", "1.1", "1.1"));
        assertEquals(1, of(CallEvent.Abandoned.class).size(), "abandoned once, a repeated Hangup changes nothing");
        assertEquals("schools", of(CallEvent.Abandoned.class).get(0).service());
    }

    @Test
    void anAnsweredCallEndsAnsweredNotAbandoned() {
        parkedCall();
        feed(ev("DialBegin", "1.1", "1.1").add("DestChannel", "PJSIP/1002-00000003").add("DestUniqueid", "1.3"),
                ev("DialEnd", "1.1", "1.1").add("DestChannel", "PJSIP/1002-00000003").add("DestUniqueid", "1.3").add("DialStatus", "ANSWER"),
                ev("Hangup", "1.1", "1.1"));

        assertEquals("PJSIP/1002", of(CallEvent.Answered.class).get(0).agent());
        assertInstanceOf(CallEvent.Ended.class, out.get(out.size() - 1));
    }

    @Test
    void eventsForChannelsItNeverSawDoNotCreateGhostCalls() {
        feed(ev("Hangup", "9.9", "9.9"), ev("DialEnd", "9.9", "9.9").add("DestUniqueid", "9.8").add("DialStatus", "ANSWER"),
                AmiMessage.event("SomethingFromAsterisk23").add("Linkedid", "9.9"));
        assertTrue(out.isEmpty(), out.toString());
    }

    @Test
    void aCitizenCaughtInTheConnectContextBeforeItsDialIsACitizenBeingPutThrough() {
        // What a node that takes the PBX over finds: no earlier record of the call, and the citizen's channel between two
        // steps of [vaxel-connect] (the Redirect done, the Dial not yet begun).
        List<AmiMessage> channels = List.of(AmiMessage.event("CoreShowChannel").add("Channel", "PJSIP/trunk-00000009")
                .add("Uniqueid", "9.1").add("Linkedid", "9.1").add("CallerIDNum", "+46705550109").add("Context", "vaxel-connect")
                .add("Application", "Set").add("ApplicationData", "VAXEL_RINGING=1").add("BridgeId", "").add("Duration", "00:00:31").build());
        assertEquals(List.of("9.1"), translator.channelsToAsk(channels), "its service and wait are asked for");

        List<CallSnapshot> snap = translator.resync(channels, Map.of(),
                Map.of("9.1", new AmiEventTranslator.ChannelFacts("schools", java.time.Instant.now().minusSeconds(30))));

        assertEquals(1, snap.size(), "a citizen's call, not an agent's own: " + snap);
        assertEquals(CallState.RINGING, snap.get(0).state());
        assertEquals("schools", snap.get(0).service());
        assertEquals(false, snap.get(0).parked(), "not for routing to offer again");
    }

    @Test
    void resyncReadsStateFromApplicationAndBridge() {
        List<AmiMessage> channels = List.of(
                AmiMessage.event("CoreShowChannel").add("Channel", "PJSIP/trunk-00000001").add("Uniqueid", "5.1").add("Linkedid", "5.1")
                        .add("CallerIDNum", "+46705550101").add("Application", "Queue").add("ApplicationData", "schools,,,,300")
                        .add("BridgeId", "").add("Duration", "00:00:09").build(),
                AmiMessage.event("CoreShowChannel").add("Channel", "PJSIP/trunk-00000002").add("Uniqueid", "6.1").add("Linkedid", "6.1")
                        .add("CallerIDNum", "+46705550102").add("Application", "Dial").add("ApplicationData", "PJSIP/1003,20")
                        .add("BridgeId", "b-1").add("Duration", "00:01:00").build(),
                AmiMessage.event("CoreShowChannel").add("Channel", "PJSIP/1003-00000003").add("Uniqueid", "6.2").add("Linkedid", "6.1")
                        .add("CallerIDNum", "1003").add("Application", "AppDial").add("BridgeId", "b-1").add("Duration", "00:00:40").build());

        java.time.Instant queuedAt = java.time.Instant.now().minusSeconds(95);
        List<CallSnapshot> snap = translator.resync(channels, Map.of("5.1", 7),
                Map.of("6.1", new AmiEventTranslator.ChannelFacts("elder-care", queuedAt)));

        CallSnapshot waiting = snap.stream().filter(s -> s.callId().equals("5.1")).findFirst().orElseThrow();
        assertEquals(CallState.WAITING, waiting.state());
        assertEquals("schools", waiting.service());
        CallSnapshot talking = snap.stream().filter(s -> s.callId().equals("6.1")).findFirst().orElseThrow();
        assertEquals(CallState.TALKING, talking.state());
        assertEquals("elder-care", talking.service());
        assertEquals("PJSIP/1003", talking.agent());
        assertEquals("+46705550102", talking.callerNumber());
        assertEquals(queuedAt, talking.waitingSince(), "from the dialplan's VAXEL_QUEUED_AT");
        long talkingFor = java.time.Duration.between(talking.answeredAt(), java.time.Instant.now()).toSeconds();
        assertTrue(talkingFor >= 39 && talkingFor <= 41, "answered about when the agent's 40 s old leg began: " + talkingFor);
        long waitedFor = java.time.Duration.between(waiting.waitingSince(), java.time.Instant.now()).toSeconds();
        assertTrue(waitedFor >= 6 && waitedFor <= 8, "QueueEntry said 7 s in queue: " + waitedFor);

        // After the resync the translator follows these calls on: a hang-up of both channels ends call 6.1.
        feed(ev("Hangup", "6.2", "6.1"), ev("Hangup", "6.1", "6.1"));
        assertEquals("6.1", of(CallEvent.Ended.class).get(0).callId());
    }

    @Test
    void aLocalAgentLegDiallingTheDeskPhoneIsNotASecondOffer() {
        parkedCall();
        feed(ev("DialBegin", "1.1", "1.1").add("DestChannel", "Local/1001@agents-0000000a;1").add("DestUniqueid", "1.2"),
                AmiMessage.event("DialBegin").add("Channel", "Local/1001@agents-0000000a;2").add("Uniqueid", "1.3")
                        .add("Linkedid", "1.1").add("DestChannel", "PJSIP/1001-0000000b").add("DestUniqueid", "1.4"));

        List<CallEvent.AgentRinging> offers = of(CallEvent.AgentRinging.class);
        assertEquals(1, offers.size(), offers.toString());
        assertEquals("Local/1001@agents", offers.get(0).agent());
    }

    @Test
    void blindAndAttendedTransfersMoveTheCitizensCall() {
        parkedCall();
        feed(AmiMessage.event("BlindTransfer").add("Result", "Success").add("TransfererChannel", "PJSIP/1001-0000000a")
                        .add("TransfererLinkedid", "1.1").add("TransfereeChannel", "PJSIP/trunk-00000001")
                        .add("TransfereeLinkedid", "1.1").add("IsExternal", "No").add("Context", "agents").add("Extension", "1005"),
                AmiMessage.event("AttendedTransfer").add("Result", "Success").add("OrigTransfererChannel", "PJSIP/1005-0000000c")
                        .add("TransfereeLinkedid", "1.1").add("TransferTargetChannel", "PJSIP/1009-0000000e"),
                AmiMessage.event("BlindTransfer").add("Result", "Fail").add("TransfererChannel", "PJSIP/1009-0000000e")
                        .add("TransfereeLinkedid", "1.1").add("Context", "agents").add("Extension", "1010"));

        List<CallEvent.Transferred> transfers = of(CallEvent.Transferred.class);
        assertEquals(2, transfers.size(), "a failed transfer moves nothing");
        assertEquals("PJSIP/1001", transfers.get(0).from());
        assertEquals("1005@agents", transfers.get(0).to());
        assertEquals("PJSIP/1005", transfers.get(1).from());
        assertEquals("PJSIP/1009", transfers.get(1).to());
    }

    @Test
    void eventsWithHeadersMissingAreSurvived() {
        for (String name : List.of("Newchannel", "Newexten", "NewCallerid", "VarSet", "UserEvent", "QueueCallerJoin",
                "QueueCallerLeave", "AgentCalled", "AgentRingNoAnswer", "AgentConnect", "DialBegin", "DialEnd",
                "BlindTransfer", "AttendedTransfer", "Hangup")) {
            translator.accept(AmiMessage.event(name).build());
            translator.accept(AmiMessage.event(name).add("Linkedid", "7.7").add("Uniqueid", "7.7").build());
        }
        parkedCall();
        CallEvent.Waiting next = of(CallEvent.Waiting.class).stream().filter(w -> w.callId().equals("1.1")).findFirst().orElseThrow();
        assertEquals("schools", next.service(), "and the next call is followed as ever");
    }

    @Test
    void anAgentsInternalCallIsNotACitizensCall() {
        feed(AmiMessage.event("Newchannel").add("Channel", "PJSIP/1001-00000001").add("CallerIDNum", "1001")
                        .add("Context", "agents").add("Uniqueid", "8.1").add("Linkedid", "8.1"),
                AmiMessage.event("Newchannel").add("Channel", "PJSIP/1002-00000002").add("CallerIDNum", "1002")
                        .add("Context", "agents").add("Uniqueid", "8.2").add("Linkedid", "8.1"),
                AmiMessage.event("Hangup").add("Uniqueid", "8.2").add("Linkedid", "8.1"),
                AmiMessage.event("Hangup").add("Uniqueid", "8.1").add("Linkedid", "8.1"));
        assertTrue(out.isEmpty(), out.toString());
    }

    @Test
    void aCitizensCallIsDatedFromItsFirstChannelThoughRecognisedLater() {
        feed(AmiMessage.event("Newchannel").add("Channel", "Local/s@ivr-00000001;1").add("CallerIDNum", "<unknown>")
                        .add("Context", "somewhere").add("Uniqueid", "9.1").add("Linkedid", "9.1"));
        assertTrue(out.isEmpty());
        feed(AmiMessage.event("Newexten").add("Channel", "Local/s@ivr-00000001;2").add("Context", "citizen-in")
                .add("Uniqueid", "9.2").add("Linkedid", "9.1"));
        assertEquals(1, of(CallEvent.Arrived.class).size());
    }

    @Test
    void theDialplansNoAnswerAfterADialEndIsNotASecondMiss() {
        parkedCall();
        feed(ev("DialBegin", "1.1", "1.1").add("DestChannel", "PJSIP/1009-00000002").add("DestUniqueid", "1.2"),
                ev("DialEnd", "1.1", "1.1").add("DestChannel", "PJSIP/1009-00000002").add("DestUniqueid", "1.2").add("DialStatus", "NOANSWER"),
                ev("UserEvent", "1.1", "1.1").add("UserEvent", "VaxelNoAnswer").add("Agent", "PJSIP/1009").add("DialStatus", "NOANSWER"));
        assertEquals(1, of(CallEvent.RingNoAnswer.class).size());

        // A Dial that never rang (unknown device) leaves only the dialplan's word for it.
        feed(ev("UserEvent", "1.1", "1.1").add("UserEvent", "VaxelNoAnswer").add("Agent", "PJSIP/1077").add("DialStatus", "CHANUNAVAIL"));
        List<CallEvent.RingNoAnswer> misses = of(CallEvent.RingNoAnswer.class);
        assertEquals(2, misses.size());
        assertEquals("PJSIP/1077", misses.get(1).agent());
        assertEquals("CHANUNAVAIL", misses.get(1).reason());
    }

    @Test
    void theServiceSetInTheDialplanIsUsedWhenTheQueuedEventDoesNotSayIt() {
        feed(ev("Newchannel", "1.1", "1.1"),
                ev("VarSet", "1.1", "1.1").add("Variable", "MY_SERVICE").add("Value", "wrong"),
                ev("VarSet", "1.1", "1.1").add("Variable", "__SERVICE").add("Value", "elder-care"),
                ev("UserEvent", "1.1", "1.1").add("UserEvent", "VaxelCallQueued"));
        assertEquals("elder-care", of(CallEvent.Waiting.class).get(0).service());
    }

    @Test
    void devicesAreReadFromChannelNames() {
        assertEquals("PJSIP/1001", ChannelNames.device("PJSIP/1001-0000000b"));
        assertEquals("Local/1002@rm-phones", ChannelNames.device("Local/1002@rm-phones-00000005;1"));
        assertEquals("Local/agent1@agents", ChannelNames.device("Local/agent1@agents/n"));
        assertEquals("PJSIP/trunk-a", ChannelNames.device("PJSIP/trunk-a"));
    }

    @Test
    void aCallbackRequestEndsAsABookingAndTheCallbackResultIsNotACitizensCall() {
        parkedCall();
        feed(ev("UserEvent", "1.1", "1.1").add("UserEvent", "VaxelCallbackRequested").add("Service", "schools")
                .add("Number", "+46701234567"));
        CallEvent.CallbackRequested booked = of(CallEvent.CallbackRequested.class).get(0);
        assertEquals("1.1", booked.callId());
        assertEquals("+46701234567", booked.callerNumber());
        assertEquals("schools", booked.service());

        // The agent's originated leg: not in a citizen context, no citizen call made of it
        feed(AmiMessage.event("Newchannel").add("Channel", "PJSIP/1001-00000009").add("Context", "vaxel-callback")
                        .add("Uniqueid", "2.1").add("Linkedid", "2.1"),
                AmiMessage.event("UserEvent").add("Channel", "PJSIP/1001-00000009").add("Uniqueid", "2.1").add("Linkedid", "2.1")
                        .add("UserEvent", "VaxelCallbackDone").add("Callback", "cb-7").add("DialStatus", "ANSWER").add("Talked", "93"));
        CallEvent.CallbackDone done = of(CallEvent.CallbackDone.class).get(0);
        assertEquals("cb-7", done.callbackId());
        assertEquals("ANSWER", done.dialStatus());
        assertEquals(93, done.talkedSeconds());
        assertEquals(1, of(CallEvent.Arrived.class).size(), "only the citizen's own call arrived");
    }

    @Test
    void queueMembersLoggingInPausingAndLeavingBecomeMemberEvents() {
        List<se.vaxel.calls.MemberEvent> members = new ArrayList<>();
        AmiEventTranslator t = new AmiEventTranslator(DialplanContract.DEFAULT, out::add, members::add, Clock.systemUTC());
        t.accept(AmiMessage.event("QueueMemberAdded").add("Queue", "schools").add("MemberName", "Agent Four")
                .add("Interface", "PJSIP/1004").add("Membership", "dynamic").add("Paused", "0").add("PausedReason", "").build());
        t.accept(AmiMessage.event("QueueMemberPause").add("Queue", "schools").add("Interface", "PJSIP/1004")
                .add("Membership", "dynamic").add("Paused", "1").add("PausedReason", "lunch").build());
        t.accept(AmiMessage.event("QueueMemberRemoved").add("Queue", "schools").add("Interface", "PJSIP/1004").build());
        assertEquals(3, members.size());
        var joined = assertInstanceOf(se.vaxel.calls.MemberEvent.Joined.class, members.get(0));
        assertEquals("PJSIP/1004", joined.device());
        assertTrue(joined.dynamic());
        var paused = assertInstanceOf(se.vaxel.calls.MemberEvent.Paused.class, members.get(1));
        assertTrue(paused.paused());
        assertEquals("lunch", paused.reason());
        assertInstanceOf(se.vaxel.calls.MemberEvent.Left.class, members.get(2));
        assertEquals(List.of(), out, "no call events");
    }
}
