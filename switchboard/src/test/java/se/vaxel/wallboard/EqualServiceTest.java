package se.vaxel.wallboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import se.vaxel.metrics.QueueCounts;

/** The equal-service panel's figures: the spreads between the open queues judged, the worst, and the 90th percentile wait. */
class EqualServiceTest {

    /** A queue's day: answered (on target of them), abandoned (short of them), callbacks, the answered calls' waits. */
    private static QueueCounts day(long answered, long onTarget, long abandoned, long abandonedShort, long callbacks, double waitAnswered) {
        return new QueueCounts(answered + abandoned + callbacks, answered, onTarget, abandoned, abandonedShort, callbacks, 0, 0, 0, 0,
                waitAnswered, 0, 0);
    }

    @Test
    void theSpreadsAreBetweenTheOpenQueuesWithTwentyCallsOrMore() {
        QueueCounts good = day(27, 27, 3, 0, 0, 27 * 10.0); // SL 27/30 = 0.9, ASA 10 s
        QueueCounts poor = day(20, 12, 4, 0, 1, 20 * 40.0); // 25 waits over: SL 12/24 = 0.5, ASA 40 s
        QueueCounts few = day(5, 1, 14, 10, 0, 5 * 100.0); // 5 + 4 + 0 = 9 waits over (10 misdials don't count): shown, not judged
        QueueCounts closed = day(50, 0, 0, 0, 0, 50 * 300.0);
        EqualService e = EqualService.of(List.of(new EqualService.Queue("good", true, good), new EqualService.Queue("poor", true, poor),
                new EqualService.Queue("few", true, few), new EqualService.Queue("closed", false, closed)));
        assertEquals(0.9 - 0.5, e.serviceLevelSpread(), 1e-12);
        assertEquals(30.0, e.asaSpreadSeconds(), 1e-12);
        assertEquals("poor", e.worst());
        assertEquals(List.of("good", "poor"), e.judged());
        assertEquals(List.of("few"), e.tooFew(), "open but under 20 calls whose wait is over; a closed queue is neither");
        assertEquals(9, EqualService.waitsOver(few));
    }

    @Test
    void oneQueueJudgedHasNoSpreadAndOfEqualServiceLevelsTheLongerAsaIsWorse() {
        EqualService one = EqualService.of(List.of(new EqualService.Queue("a", true, day(20, 16, 0, 0, 0, 200)),
                new EqualService.Queue("b", true, day(3, 3, 0, 0, 0, 3))));
        assertNull(one.serviceLevelSpread());
        assertNull(one.asaSpreadSeconds());
        assertEquals("a", one.worst());

        EqualService tie = EqualService.of(List.of(new EqualService.Queue("quick", true, day(20, 16, 0, 0, 0, 20 * 5.0)),
                new EqualService.Queue("slow", true, day(20, 16, 0, 0, 0, 20 * 15.0))));
        assertEquals(0.0, tie.serviceLevelSpread(), 1e-12);
        assertEquals("slow", tie.worst());
        assertNull(EqualService.of(List.of()).worst());
    }

    @Test
    void theNinetiethPercentileIsTheLeastWholeSecondWithinWhichNineInTenWaitsEnded() {
        WaitHistogram h = new WaitHistogram();
        assertEquals(OptionalInt.empty(), h.quantileSeconds(0.9));
        for (int s = 1; s <= 10; s++) {
            h.add(Duration.ofSeconds(s));
        }
        assertEquals(OptionalInt.of(9), h.quantileSeconds(0.9), "9 of the 10 waits within 9 s");
        assertEquals(OptionalInt.of(10), h.quantileSeconds(1.0));

        WaitHistogram m = new WaitHistogram();
        for (int i = 0; i < 90; i++) {
            m.add(Duration.ofMillis(9_400)); // counts as 10 s: within 10 s, not within 9
        }
        for (int i = 0; i < 10; i++) {
            m.add(Duration.ofMinutes(45)); // beyond the top bucket: counted as 20 min
        }
        assertEquals(OptionalInt.of(10), m.quantileSeconds(0.9));
        m.add(Duration.ofMinutes(45));
        assertEquals(OptionalInt.of(WaitHistogram.TOP_SECONDS), m.quantileSeconds(0.9), "91 of 101 needed: the top bucket, 20 min");
        assertEquals(101, m.count());
    }

    @Test
    void todaysWaitsStartAgainAtLocalMidnight() {
        ZoneId stockholm = ZoneId.of("Europe/Stockholm");
        Instant evening = Instant.parse("2026-11-23T22:50:00Z"); // 23:50 there
        TodaysWaits waits = new TodaysWaits(stockholm, evening);
        waits.waitOver("schools", Duration.ofSeconds(42), evening);
        assertEquals(OptionalInt.of(42), waits.p90("schools", evening.plusSeconds(60)));
        assertEquals(OptionalInt.empty(), waits.p90("schools", evening.plus(Duration.ofMinutes(11))), "00:01: a new day");
        assertEquals(OptionalInt.empty(), waits.p90("elder-care", evening));
    }
}
