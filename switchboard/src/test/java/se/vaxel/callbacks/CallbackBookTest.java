package se.vaxel.callbacks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.vaxel.OnContext;
import se.vaxel.TestClock;

/** The book's rules (attempts, retries, recognition) and its writing, against a store in memory. */
class CallbackBookTest {

    private final Vertx vertx = Vertx.vertx();
    private final OnContext onContext = new OnContext(vertx.getOrCreateContext());
    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T09:00:00Z"));
    private final MemoryCallbackStore store = new MemoryCallbackStore();
    private final CallbackPolicy policy = new CallbackPolicy("+4686000000", 3, Duration.ofMinutes(5), Duration.ofHours(4),
            Duration.ofSeconds(30));

    @AfterEach
    void close() {
        vertx.close();
    }

    /** The book is owned by one context, as in the switchboard: every call goes through it. */
    private <T> T on(Supplier<T> action) {
        return onContext.call(action);
    }

    private CallbackBook book() {
        return new CallbackBook(policy, store, vertx, clock);
    }

    @Test
    void aBookedCallbackIsHandedToRoutingOnceAndSaved() {
        CallbackBook book = book();
        Instant queued = clock.instant().minusSeconds(200);
        Callback cb = on(() -> book.book("call-1", "schools", "+46701740605", queued));
        assertEquals(queued, cb.queuedAt(), "the citizen keeps the place they had on the line");
        assertEquals(List.of(cb.id()), on(() -> book.takeReady().stream().map(Callback::id).toList()));
        assertEquals(List.of(), on(book::takeReady), "not handed out twice while routing has it");
        await().atMost(Duration.ofSeconds(5)).until(() -> store.rows.containsKey(cb.id()));
        assertEquals(Callback.Status.WAITING, store.rows.get(cb.id()).status());
    }

    @Test
    void unansweredAttemptsWaitBetweenAndTheLastMakesItMissed() {
        CallbackBook book = book();
        String id = on(() -> book.book("call-1", "schools", "+46701740605", clock.instant())).id();
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertEquals(1, on(book::takeReady).size(), "attempt " + attempt + " is due");
            on(() -> {
                book.calling(id);
                return null;
            });
            Callback after = on(() -> book.callEnded(id, "NOANSWER")).orElseThrow();
            assertEquals(attempt, after.attempts());
            if (attempt < 3) {
                assertEquals(Callback.Status.WAITING, after.status());
                assertEquals(List.of(), on(book::takeReady), "not before the pause between attempts");
                clock.advance(Duration.ofMinutes(5));
            } else {
                assertEquals(Callback.Status.MISSED, after.status());
                assertNull(after.nextAttempt());
            }
        }
        clock.advance(Duration.ofHours(1));
        assertEquals(List.of(), on(book::takeReady), "a missed callback is not called again");
    }

    @Test
    void anAgentWhoHangsUpBeforeTheCitizenAnswersSpendsNoAttempt() {
        CallbackBook book = book();
        String id = on(() -> book.book("call-1", "schools", "+46701740605", clock.instant())).id();
        on(book::takeReady);
        Callback after = on(() -> book.callEnded(id, "CANCEL")).orElseThrow();
        assertEquals(0, after.attempts());
        assertEquals(Callback.Status.WAITING, after.status());
        assertEquals(1, on(book::takeReady).size(), "queued again at once");
        assertEquals(Callback.Status.COMPLETED, on(() -> book.callEnded(id, "ANSWER")).orElseThrow().status());
    }

    @Test
    void aCitizenWhoPhonesAgainIsRecognisedForTheSameServiceWithinTheTime() {
        CallbackBook book = book();
        Instant queued = clock.instant();
        String waiting = on(() -> book.book("call-1", "schools", "+46701740605", queued)).id();
        assertTrue(on(() -> book.recognise("+46701740605", "elder-care")).isEmpty(), "another service is another question");
        assertTrue(on(() -> book.recognise("+46701740699", "schools")).isEmpty(), "another number");
        Callback found = on(() -> book.recognise("+46701740605", "schools")).orElseThrow();
        assertEquals(waiting, found.id());
        assertEquals(Callback.Status.TAKEN_OVER, on(() -> book.get(waiting)).orElseThrow().status());
        assertTrue(on(() -> book.recognise("+46701740605", "schools")).isEmpty(), "taken over once");

        String missed = on(() -> book.book("call-2", "schools", "+46701740606", queued)).id();
        for (int i = 0; i < 3; i++) {
            on(() -> book.callEnded(missed, "BUSY"));
        }
        clock.advance(Duration.ofHours(3));
        assertEquals(missed, on(() -> book.recognise("+46701740606", "schools")).orElseThrow().id(), "within four hours");
        String late = on(() -> book.book("call-3", "schools", "+46701740607", queued)).id();
        for (int i = 0; i < 3; i++) {
            on(() -> book.callEnded(late, "NOANSWER"));
        }
        clock.advance(Duration.ofHours(5));
        assertTrue(on(() -> book.recognise("+46701740607", "schools")).isEmpty(), "too late: starts over");
    }

    @Test
    void writesThatFailAreRetriedUntilTheDatabaseIsBackAndTheNewestStateWins() {
        store.failures.set(3);
        CallbackBook book = book();
        String id = on(() -> book.book("call-1", "schools", "+46701740605", clock.instant())).id();
        on(() -> book.callEnded(id, "NOANSWER"));
        await().atMost(Duration.ofSeconds(15)).until(() -> store.rows.containsKey(id) && on(book::unsavedCount) == 0);
        assertEquals(1, store.rows.get(id).attempts(), "the latest state, not the first");
    }

    @Test
    void aCallbackBeingCalledAtAStopIsQueuedAgainAfterTheRestart() {
        Instant t = clock.instant();
        store.rows.put("a", new Callback("a", "call-1", "schools", "+46701740605", t, t, Callback.Status.CALLING, 1, t, "NOANSWER", t));
        store.rows.put("b", new Callback("b", "call-2", "schools", "+46701740606", t, t, Callback.Status.COMPLETED, 0, t, "ANSWER", t));
        CallbackBook book = book();
        CompletableFuture<Integer> loaded = new CompletableFuture<>();
        onContext.run(() -> book.load().onComplete(r -> loaded.complete(r.result())));
        assertEquals(1, loaded.join(), "completed ones stay in the database only");
        Callback a = on(() -> book.get("a")).orElseThrow();
        assertEquals(Callback.Status.WAITING, a.status());
        assertEquals(1, a.attempts(), "attempts as they were");
        assertEquals(1, on(book::takeReady).size());
    }
}
