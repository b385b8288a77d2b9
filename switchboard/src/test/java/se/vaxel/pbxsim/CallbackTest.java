package se.vaxel.pbxsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * Call-backs as Växel drives them through the shipped dialplan: the offer in [vaxel-hold] and the booking, then an
 * Originate to an agent's phone that runs [vaxel-callback], dials the citizen and reports through its h extension.
 */
class CallbackTest {

    /** The municipality's number, shown to the citizen on a call-back. */
    private static final String FROM = "+46812345000";

    /** Växel's call-back: the agent's phone first, the citizen's then rings for {@code ringSeconds}. */
    private static AmiMessage.Builder callback(String actionId, String agent, String number, String callbackId,
                                               int ringSeconds) {
        return AmiMessage.action("Originate").add("ActionID", actionId).add("Channel", "PJSIP/" + agent)
                .add("Context", "vaxel-callback").add("Exten", number).add("Priority", "1")
                .add("CallerID", "\"Kommunen\" <" + FROM + ">").add("Timeout", "3000")
                .add("Variable", "VAXEL_CALLBACK=" + callbackId).add("Variable", "VAXEL_CALLBACK_FROM=" + FROM)
                .add("Variable", "VAXEL_CALLBACK_RING=" + ringSeconds).add("ChannelId", actionId + "-agent")
                .add("Async", "true");
    }

    private static void offerCallback(AmiTestClient c, String linkedid) {
        String chan = c.awaitEvent("Newchannel", m -> linkedid.equals(m.get("Uniqueid")), Duration.ofSeconds(5))
                .get("Channel");
        AmiMessage r = c.action(AmiMessage.action("Setvar").add("Channel", chan).add("Variable", "VAXEL_CALLBACK_OFFER")
                .add("Value", "1"));
        assertEquals("Success", r.get("Response"));
    }

    private static List<AmiMessage> on(AmiTestClient c, String channel, String event) {
        return c.events().stream().filter(m -> event.equals(m.eventName()) && channel.equals(m.get("Channel")))
                .toList();
    }

    private static AmiMessage originateResponse(AmiTestClient c, String actionId) {
        return c.awaitEvent("OriginateResponse", m -> actionId.equals(m.actionId()), Duration.ofSeconds(10));
    }

    @Test
    void aCitizenWhoAcceptsTheOfferIsBookedAndTheDialplanHangsUp() {
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().mode(SimConfig.Mode.ROUTE).build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            String booked = pbx.placeCitizenCall("+46701230001", CitizenScript.pressing('4', Duration.ofMinutes(5))
                    .acceptingCallback());
            String declined = pbx.placeCitizenCall("+46701230002", CitizenScript.pressing('4', Duration.ofMinutes(5)));
            offerCallback(c, booked);
            offerCallback(c, declined);

            AmiMessage request = c.awaitEvent("UserEvent", m -> booked.equals(m.get("Linkedid"))
                    && "VaxelCallbackRequested".equals(m.get("UserEvent")), Duration.ofSeconds(15));
            assertEquals("+46701230001", request.get("Number"));
            assertEquals("elder-care", request.get("Service"));
            String chan = request.get("Channel");
            AmiMessage hangup = c.awaitEvent("Hangup", m -> chan.equals(m.get("Channel")), Duration.ofSeconds(5));
            assertEquals("16", hangup.get("Cause"));
            assertEquals("vaxel-callback-booked", hangup.get("Context"));
            assertEquals(List.of("4", "1"), on(c, chan, "DTMFEnd").stream().map(m -> m.get("Digit")).toList(),
                    "the menu digit, then 1 at the offer");
            assertEquals(1, on(c, chan, "SoftHangupRequest").size(), "the dialplan's Hangup()");
            assertEquals(0, on(c, chan, "HangupRequest").size(), "the citizen did not hang up themselves");

            // pressing nothing at the offer: Read times out and the citizen is back to the music
            AmiMessage music = c.awaitEvent("Newexten", m -> declined.equals(m.get("Linkedid"))
                    && "StartMusicOnHold".equals(m.get("Application")), Duration.ofSeconds(15));
            String other = music.get("Channel");
            assertTrue(on(c, other, "VarSet").stream().anyMatch(m -> "READSTATUS".equals(m.get("Variable"))
                    && "TIMEOUT".equals(m.get("Value"))));
            assertTrue(c.events().stream().noneMatch(m -> declined.equals(m.get("Linkedid"))
                    && "VaxelCallbackRequested".equals(m.get("UserEvent"))));
            assertEquals(List.of("4"), on(c, other, "DTMFEnd").stream().map(m -> m.get("Digit")).toList(),
                    "the menu digit only");
            assertEquals(0, on(c, other, "Hangup").size());
            assertEquals(0, pbx.errors());
        }
    }

    @Test
    void generatedCitizensTakeTheOfferAtTheConfiguredShare() {
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().mode(SimConfig.Mode.ROUTE)
                .traffic(SimConfig.Traffic.none().withNoDigitShare(0).withCallbackShare(1.0)).build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            String linkedid = pbx.nextCitizenCall();
            offerCallback(c, linkedid);
            AmiMessage request = c.awaitEvent("UserEvent", m -> linkedid.equals(m.get("Linkedid"))
                    && "VaxelCallbackRequested".equals(m.get("UserEvent")), Duration.ofSeconds(15));
            assertTrue(request.get("Number").matches("\\+467[023]\\d{7}"), request.get("Number"));
            assertEquals(0, pbx.errors());
        }
    }

    /**
     * Three call-backs to a citizen who answers only the third: the first rings out (NOANSWER), during the second
     * the agent gives up while the citizen's phone rings (CANCEL), the third is answered. The h extension of
     * [vaxel-callback] reports each on the agent's channel, before that channel's Hangup.
     */
    @Test
    void theHExtensionReportsEveryCallbackAttempt() {
        String number = "+46701230003";
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().mode(SimConfig.Mode.ROUTE).build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            String call = pbx.placeCitizenCall(number, CitizenScript.pressing('1', Duration.ofMinutes(5))
                    .acceptingCallback().answeringCallbackAttempt(3));
            offerCallback(c, call);
            c.awaitEvent("UserEvent", m -> call.equals(m.get("Linkedid"))
                    && "VaxelCallbackRequested".equals(m.get("UserEvent")), Duration.ofSeconds(15));

            c.send(callback("cb-1", "1001", number, "cb-7", 2));
            AmiMessage first = originateResponse(c, "cb-1");
            assertEquals("Success", first.get("Response"));
            AmiMessage noAnswer = done(c, first.get("Channel"));
            assertEquals("cb-7", noAnswer.get("Callback"));
            assertEquals("NOANSWER", noAnswer.get("DialStatus"));
            assertEquals("", noAnswer.get("Talked"), "an unanswered Dial leaves ANSWEREDTIME empty");

            c.send(callback("cb-2", "1001", number, "cb-7", 10));
            String agent = originateResponse(c, "cb-2").get("Channel");
            c.awaitEvent("DialState", m -> agent.equals(m.get("Channel")), Duration.ofSeconds(5));
            c.action(AmiMessage.action("Hangup").add("Channel", agent));
            assertEquals("CANCEL", done(c, agent).get("DialStatus"));

            c.send(callback("cb-3", "1001", number, "cb-7", 10));
            String third = originateResponse(c, "cb-3").get("Channel");
            AmiMessage answered = done(c, third);
            assertEquals("ANSWER", answered.get("DialStatus"));
            assertTrue(Integer.parseInt(answered.get("Talked")) > 0, "talked " + answered.get("Talked"));

            AmiMessage dial = c.awaitEvent("DialBegin", m -> third.equals(m.get("Channel")), Duration.ofSeconds(1));
            assertEquals(FROM, dial.get("DestConnectedLineNum"), "the citizen sees the municipality's number");
            List<String> shown = pbx.callsToCitizens().stream().filter(x -> x.number().equals(number))
                    .map(x -> x.callerIdNum()).toList();
            assertEquals(List.of(FROM, FROM, FROM), shown);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pbx.liveChannels() == 0);
            assertEquals(0, pbx.errors());
        }
    }

    /** The VaxelCallbackDone of an agent channel, checked to come from its h extension and before its Hangup. */
    private static AmiMessage done(AmiTestClient c, String agentChannel) {
        AmiMessage hangup = c.awaitEvent("Hangup", m -> agentChannel.equals(m.get("Channel")), Duration.ofSeconds(15));
        List<AmiMessage> all = c.received();
        AmiMessage done = all.stream().filter(m -> agentChannel.equals(m.get("Channel"))
                && "VaxelCallbackDone".equals(m.get("UserEvent"))).findFirst().orElseThrow();
        AmiMessage step = all.stream().filter(m -> agentChannel.equals(m.get("Channel"))
                && "Newexten".equals(m.eventName()) && "h".equals(m.get("Exten"))).findFirst().orElseThrow();
        assertEquals("UserEvent", step.get("Application"));
        assertEquals("vaxel-callback", done.get("Context"));
        assertTrue(all.indexOf(step) < all.indexOf(done) && all.indexOf(done) < all.indexOf(hangup),
                "h runs before Hangup");
        assertEquals("h", hangup.get("Exten"));
        return done;
    }

    /**
     * OriginateResponse as Asterisk 20's manager.c sends it: the recorded header order; on success the channel, on
     * failure the dial string and the ChannelId asked for; the action's caller ID either way. A phone already in a
     * call is busy (Reason 5); one nobody answers before the Timeout gives Reason 3 and never runs the dialplan.
     */
    @Test
    void originateResponseForAnsweredBusyAndUnansweredAgents() {
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().mode(SimConfig.Mode.ROUTE)
                .traffic(SimConfig.Traffic.none().withCallbackAnswerShare(1.0))
                .agents(SimTestSupport.quick().build().agents().withTalk(Duration.ofSeconds(4), Duration.ofSeconds(5))
                        .withNeverAnswer(Set.of("1002"))).build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            List<AmiMessage> rec = Recording.load("08-originate-callback");
            List<String> recordedShape = AmiSessionTest.names(rec.stream()
                    .filter(m -> "OriginateResponse".equals(m.eventName())).findFirst().orElseThrow());

            c.send(callback("ok", "1001", "+46701230004", "cb-8", 10));
            AmiMessage ok = originateResponse(c, "ok");
            assertEquals(recordedShape, AmiSessionTest.names(ok));
            assertEquals("Success", ok.get("Response"));
            assertTrue(ok.get("Channel").matches("PJSIP/1001-[0-9a-f]{8}"), ok.get("Channel"));
            assertEquals("vaxel-callback", ok.get("Context"));
            assertEquals("+46701230004", ok.get("Exten"));
            assertEquals("4", ok.get("Reason"));
            assertEquals("ok-agent", ok.get("Uniqueid"));
            assertEquals(FROM, ok.get("CallerIDNum"));
            assertEquals("Kommunen", ok.get("CallerIDName"));
            c.awaitEvent("BridgeEnter", m -> m.get("Channel").startsWith("PJSIP/trunk-"), Duration.ofSeconds(10));

            c.send(callback("busy", "1001", "+46701230005", "cb-9", 10));
            AmiMessage busy = originateResponse(c, "busy");
            assertEquals(recordedShape, AmiSessionTest.names(busy));
            assertEquals("Failure", busy.get("Response"));
            assertEquals("5", busy.get("Reason"));
            assertEquals("PJSIP/1001", busy.get("Channel"));
            assertEquals("busy-agent", busy.get("Uniqueid"));
            assertEquals(FROM, busy.get("CallerIDNum"));
            AmiMessage busyHangup = c.awaitEvent("Hangup", m -> "busy-agent".equals(m.get("Uniqueid")),
                    Duration.ofSeconds(1));
            assertEquals("17", busyHangup.get("Cause"));
            c.awaitEvent("DialEnd", m -> "busy-agent".equals(m.get("DestUniqueid"))
                    && "BUSY".equals(m.get("DialStatus")), Duration.ofSeconds(1));

            c.send(callback("away", "1002", "+46701230006", "cb-10", 10));
            AmiMessage away = originateResponse(c, "away");
            assertEquals(recordedShape, AmiSessionTest.names(away));
            assertEquals("Failure", away.get("Response"));
            assertEquals("3", away.get("Reason"));
            assertEquals("PJSIP/1002", away.get("Channel"));
            assertEquals("away-agent", away.get("Uniqueid"));
            String awayChannel = c.awaitEvent("Hangup", m -> "away-agent".equals(m.get("Uniqueid")),
                    Duration.ofSeconds(1)).get("Channel");
            assertTrue(c.events().stream().noneMatch(m -> awayChannel.equals(m.get("Channel"))
                    && ("Newexten".equals(m.eventName()) || "UserEvent".equals(m.eventName()))),
                    "a channel that never answered never ran the dialplan, so no h extension either");
            assertTrue(pbx.callsToCitizens().stream().noneMatch(x -> x.number().equals("+46701230006")));
            assertEquals(0, pbx.errors());
        }
    }
}
