package se.vaxel.pbxsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.event.AgentCompleteEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.response.ManagerResponse;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The simulator with the client Växel uses: Asterisk-Java logs in (MD5 challenge), reads the version, gets events. */
class AsteriskJavaInteropTest {

    @Test
    void asteriskJavaLogsInAndFollowsAGeneratedCall() throws Exception {
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick()
                .traffic(SimConfig.Traffic.of(600).withNoDigitShare(0)).build())) {
            ManagerConnection conn = new ManagerConnectionFactory("127.0.0.1", pbx.port(), SimTestSupport.USER,
                    SimTestSupport.SECRET).createManagerConnection();
            List<ManagerEvent> events = new CopyOnWriteArrayList<>();
            conn.addEventListener(events::add);
            try {
                conn.login();
                assertTrue(conn.getVersion().toString().contains("20"), conn.getVersion().toString());
                ManagerResponse pong = conn.sendAction(new PingAction());
                assertEquals("Success", pong.getResponse());
                // observe mode by itself: generated citizens are answered by simulated agents
                Awaitility.await().atMost(Duration.ofSeconds(20))
                        .until(() -> events.stream().anyMatch(e -> e instanceof AgentCompleteEvent));
            } finally {
                conn.logoff();
            }
            assertEquals(0, pbx.errors());
        }
    }
}
