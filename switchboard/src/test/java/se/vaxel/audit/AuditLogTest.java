package se.vaxel.audit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The audit log writes behind the requests, in batches; a store away for a while loses nothing; a full queue drops and counts. */
class AuditLogTest {

    private final Vertx vertx = Vertx.vertx();

    /** A store that can be "away": it then throws, as JDBC does when the database is down. */
    private static final class FlakyStore implements AuditStore {
        final AtomicBoolean away = new AtomicBoolean();
        final List<CaseAccess> stored = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> batches = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void write(List<CaseAccess> batch) {
            if (away.get()) {
                throw new IllegalStateException("connection refused");
            }
            batches.add(batch.size());
            stored.addAll(batch);
        }
    }

    private static CaseAccess entry(int i) {
        return CaseAccess.now("agent", "127.0.0.1", CaseAccess.Action.READ, CaseAccess.Outcome.SHOWN, List.of("case-" + i), null);
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    @Test
    void entriesAreWrittenInBatchesInOrderAndNoneIsLostWhileTheStoreIsAway() {
        FlakyStore store = new FlakyStore();
        AuditLog log = new AuditLog(vertx, 10_000);
        log.start(store);
        List<CaseAccess> sent = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            sent.add(entry(i));
            log.record(sent.get(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> store.stored.size() == 1_200);
        assertTrue(store.batches.stream().allMatch(n -> n <= AuditLog.BATCH), store.batches.toString());
        assertTrue(store.batches.size() < 10, "batches, not one write per entry: " + store.batches);

        store.away.set(true);
        for (int i = 1_200; i < 1_500; i++) {
            sent.add(entry(i));
            log.record(sent.get(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> log.queued() == 300);
        store.away.set(false);
        await().atMost(Duration.ofSeconds(15)).until(() -> store.stored.size() == 1_500);
        assertEquals(sent, store.stored, "every entry once, in order");
        assertEquals(1_500, log.written());
        assertEquals(0, log.dropped());
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlockingAndCloseWritesWhatIsLeft() {
        FlakyStore store = new FlakyStore();
        AuditLog log = new AuditLog(vertx, 100);
        for (int i = 0; i < 130; i++) {
            log.record(entry(i)); // nothing writes yet: the database is not open
        }
        assertEquals(100, log.queued());
        assertEquals(30, log.dropped());
        log.start(store);
        log.close();
        assertEquals(100, store.stored.size(), "close writes what was queued");
    }
}
