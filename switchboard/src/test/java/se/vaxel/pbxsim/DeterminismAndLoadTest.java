package se.vaxel.pbxsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.protocol.AmiMessage;

class DeterminismAndLoadTest {

    /** Caller numbers and IVR digits of the next n generated citizens, as the AMI client sees them. */
    private static List<String> citizens(long seed, int n) {
        // every citizen presses a digit here, so the test need not sit through the IVR's timeouts
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().seed(seed)
                .traffic(SimConfig.Traffic.none().withNoDigitShare(0)).build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(pbx.nextCitizenCall());
            }
            List<String> out = new ArrayList<>();
            for (String id : ids) {
                AmiMessage nc = c.awaitEvent("Newchannel", m -> id.equals(m.get("Uniqueid")), Duration.ofSeconds(5));
                AmiMessage q = c.awaitEvent("UserEvent", m -> id.equals(m.get("Linkedid")), Duration.ofSeconds(10));
                out.add(nc.get("CallerIDNum") + " " + q.get("Service"));
            }
            return out;
        }
    }

    @Test
    void sameSeedSameCitizens() {
        List<String> a = citizens(7, 4);
        List<String> b = citizens(7, 4);
        assertEquals(a, b);
        assertTrue(a.stream().allMatch(s -> s.matches("\\+467[023]\\d{7} [a-z-]+")), a.toString());
        assertNotEquals(a, citizens(8, 4));
    }

    /** Not a timing assertion: 500 simultaneous citizens all get through the IVR, wait, give up and are gone. */
    @Test
    void fiveHundredCallsAtOnce() {
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            for (int i = 0; i < 500; i++) {
                char digit = "12340".charAt(i % 5);
                pbx.placeCitizenCall(String.format("+4670%07d", i), digit, Duration.ofMillis(500));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pbx.liveChannels() == 0);
            // The client's share of 500 calls' events may trail the channels by seconds on a busy machine.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> c.events().stream()
                    .filter(m -> "Hangup".equals(m.eventName()) && m.get("Channel").startsWith("PJSIP/trunk")).count() == 500);
            long queued = c.events().stream().filter(m -> "VaxelCallQueued".equals(m.get("UserEvent"))).count();
            assertEquals(500, queued);
            assertEquals(0, pbx.errors());
        }
    }
}
