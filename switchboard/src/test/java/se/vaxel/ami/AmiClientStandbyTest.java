package se.vaxel.ami;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.protocol.AmiBanner;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * The client of a node that owns the PBX only in turns, against an AMI server over TCP: with the fence down it neither
 * connects nor sends (the login included); standing by it disconnects and stays so, without reconnecting, until
 * started again.
 */
class AmiClientStandbyTest {

    private static final String SECRET = "standby-secret";

    @Test
    void aFencedClientNeitherConnectsNorSendsAndAStandingByOneStaysAwayUntilStarted() throws Exception {
        AtomicBoolean turn = new AtomicBoolean(false);
        AtomicInteger ups = new AtomicInteger();
        AtomicInteger downs = new AtomicInteger();
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, SECRET);
                AmiClient client = new AmiClient(AmiClientConfig.of("127.0.0.1", pbx.port(), "switchboard", SECRET)
                        .withReconnect(Duration.ofMillis(5), Duration.ofMillis(40)), new AmiClient.Listener() {
                            @Override
                            public void onUp(AmiBanner banner) {
                                ups.incrementAndGet();
                            }

                            @Override
                            public void onEvents(List<AmiMessage> events) {
                            }

                            @Override
                            public void onDown(String reason) {
                                downs.incrementAndGet();
                            }
                        })) {
            client.fence(turn::get);

            // Not this node's turn: started, it stands by at once and Asterisk sees no one.
            client.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> client.state() == AmiClient.State.STANDBY);
            assertEquals(0, pbx.logins());

            // Its turn: up; the turn ends: an action is refused before it reaches the wire.
            turn.set(true);
            client.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> client.state() == AmiClient.State.UP && ups.get() == 1);
            assertTrue(client.send(AmiMessage.action("Ping").build()).get(5, TimeUnit.SECONDS).isSuccess());
            turn.set(false);
            ExecutionException fenced = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> client.send(AmiMessage.action("Ping").build()).get(5, TimeUnit.SECONDS));
            assertEquals(AmiException.Kind.FENCED, ((AmiException) fenced.getCause()).kind());

            // Standing by: down once, and it stays down (a reconnect would come within 40 ms).
            client.standBy("another node owns the PBX now");
            await().atMost(Duration.ofSeconds(5)).until(() -> downs.get() == 1);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> client.state() == AmiClient.State.STANDBY && pbx.logins() == 1);

            // The next turn: started again, it connects and logs in anew.
            turn.set(true);
            client.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> client.state() == AmiClient.State.UP && ups.get() == 2);
            assertEquals(2, pbx.logins());
        }
    }
}
