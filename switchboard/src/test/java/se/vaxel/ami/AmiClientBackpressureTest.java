package se.vaxel.ami;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.protocol.AmiBanner;
import se.vaxel.ami.protocol.AmiMessage;

/** A consumer that falls behind makes the client stop reading, and nothing is lost when it catches up. */
class AmiClientBackpressureTest {

    @Test
    void aStalledConsumerPausesReadingAndGetsEveryEventOnceItCatchesUp() throws Exception {
        AmiMessage[] burst = Recording.load("09-concurrent-load").events().stream().map(Recording.Timed::message)
                .toArray(AmiMessage[]::new);
        int bursts = 40; // 84,040 events: well past the high-water mark
        AtomicLong received = new AtomicLong();
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, "bp")) {
            AmiClient client = new AmiClient(AmiClientConfig.of("127.0.0.1", pbx.port(), "switchboard", "bp"),
                    new AmiClient.Listener() {
                        @Override
                        public void onUp(AmiBanner banner) {}

                        @Override
                        public void onEvents(List<AmiMessage> events) {
                            received.addAndGet(events.size()); // taken, never reported consumed: a stalled consumer
                        }

                        @Override
                        public void onDown(String reason) {}
                    });
            try (client) {
                client.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> client.state() == AmiClient.State.UP);
                long before = received.get();
                for (int i = 0; i < bursts; i++) {
                    pbx.send(burst);
                }
                long total = before + (long) bursts * burst.length;

                await().atMost(Duration.ofSeconds(20)).until(client::isReadingPaused);
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> received.get() < total);
                assertTrue(received.get() < AmiClient.HIGH_WATER + burst.length * 4L,
                        "reading stopped near the high-water mark, not at " + received.get());

                client.consumed((int) received.get()); // the consumer catches up: what is left is under the mark
                await().atMost(Duration.ofSeconds(20)).until(() -> received.get() == total);
                assertTrue(!client.isReadingPaused());
                assertTrue(client.state() == AmiClient.State.UP, "the link was never dropped");
            }
        }
    }
}
