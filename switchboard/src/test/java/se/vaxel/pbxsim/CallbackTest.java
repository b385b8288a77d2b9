package se.vaxel.pbxsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * Call-backs as Växel drives them through the shipped dialplan: the offer in [vaxel-hold] and the booking.
 */
class CallbackTest {

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
                    && "MusicOnHold".equals(m.get("Application")), Duration.ofSeconds(15));
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
}
