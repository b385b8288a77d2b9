package se.vaxel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The derived figures as README.md defines them, on a day worked out by hand. */
class QueueCountsTest {

    // 100 offered: 80 answered (60 within target), 12 abandoned (4 of them within 5 s), 8 booked a callback.
    private final QueueCounts day = new QueueCounts(100, 80, 60, 12, 4, 8, 7, 10, 50, 70, 80 * 25.0, 80 * 180.0, 80 * 60.0);

    @Test
    void theFiguresLeaveShortAbandonsOutOfEveryDenominator() {
        assertEquals(60.0 / 88, day.serviceLevel().getAsDouble(), 1e-12, "60 / (80 + 12 - 4)");
        assertEquals(80.0 / 96, day.answerRate().getAsDouble(), 1e-12);
        assertEquals(8.0 / 96, day.abandonRate().getAsDouble(), 1e-12);
        assertEquals(8.0 / 96, day.callbackRate().getAsDouble(), 1e-12);
        assertEquals(1.0, day.answerRate().getAsDouble() + day.abandonRate().getAsDouble() + day.callbackRate().getAsDouble(), 1e-12,
                "once no one waits, every counted call was answered, abandoned or booked a callback");
        assertEquals(25.0, day.averageSpeedOfAnswer().getAsDouble(), 1e-12);
        assertEquals(240.0, day.averageHandleTime().getAsDouble(), 1e-12);
        assertEquals(50.0 / 70, day.firstContactResolution().getAsDouble(), 1e-12);
    }

    @Test
    void aQuietQueueHasNoFiguresRatherThanZeroOrAHundredPercent() {
        for (OptionalDouble f : new OptionalDouble[] {QueueCounts.NONE.serviceLevel(), QueueCounts.NONE.answerRate(),
                QueueCounts.NONE.abandonRate(), QueueCounts.NONE.averageSpeedOfAnswer(), QueueCounts.NONE.averageHandleTime(),
                QueueCounts.NONE.firstContactResolution()}) {
            assertTrue(f.isEmpty());
        }
        QueueCounts onlyMisdials = new QueueCounts(3, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0);
        assertTrue(onlyMisdials.serviceLevel().isEmpty() && onlyMisdials.answerRate().isEmpty());
    }

    @Test
    void twoPeriodsAddUp() {
        QueueCounts two = day.plus(day);
        assertEquals(200, two.offered());
        assertEquals(day.serviceLevel().getAsDouble(), two.serviceLevel().getAsDouble(), 1e-12);
        assertEquals(day, QueueCounts.NONE.plus(day));
    }
}
