package se.vaxel.history;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;
import se.vaxel.metrics.QueueCounts;

/**
 * The figures of a queue's counts as the history shows them, in order, one name for the JSON and the CSV alike: the
 * counts and sums, then the derived figures exactly as {@link QueueCounts} gives them (null where it says absent).
 */
final class Figures {

    /** How a figure is written in the CSV. */
    enum Kind { COUNT, SECONDS, RATIO }

    record Figure(String name, Kind kind, Function<QueueCounts, Number> value) {

        /** For the CSV: dots as decimal separators, no exponent; seconds to the millisecond, ratios to four places. */
        String text(QueueCounts counts) {
            Number n = value.apply(counts);
            if (n == null) {
                return "";
            }
            return switch (kind) {
                case COUNT -> Long.toString(n.longValue());
                case SECONDS -> seconds(n.doubleValue());
                case RATIO -> decimal(n.doubleValue(), 4);
            };
        }

        static String seconds(double d) {
            return decimal(d, 3);
        }

        private static String decimal(double d, int places) {
            return BigDecimal.valueOf(d).setScale(places, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }
    }

    static final List<Figure> ALL = List.of(
            new Figure("offered", Kind.COUNT, QueueCounts::offered),
            new Figure("answered", Kind.COUNT, QueueCounts::answered),
            new Figure("answeredWithinTarget", Kind.COUNT, QueueCounts::answeredWithinTarget),
            new Figure("abandoned", Kind.COUNT, QueueCounts::abandoned),
            new Figure("abandonedShort", Kind.COUNT, QueueCounts::abandonedShort),
            new Figure("callbacksBooked", Kind.COUNT, QueueCounts::callbacksBooked),
            new Figure("callbacksCompleted", Kind.COUNT, QueueCounts::callbacksCompleted),
            new Figure("transferredToBackOffice", Kind.COUNT, QueueCounts::transferredToBackOffice),
            new Figure("resolvedFirstContact", Kind.COUNT, QueueCounts::resolvedFirstContact),
            new Figure("resolutionsRecorded", Kind.COUNT, QueueCounts::resolutionsRecorded),
            new Figure("waitAnsweredSeconds", Kind.SECONDS, QueueCounts::waitAnsweredSeconds),
            new Figure("talkSeconds", Kind.SECONDS, QueueCounts::talkSeconds),
            new Figure("afterCallSeconds", Kind.SECONDS, QueueCounts::afterCallSeconds),
            new Figure("serviceLevel", Kind.RATIO, c -> orNull(c.serviceLevel())),
            new Figure("answerRate", Kind.RATIO, c -> orNull(c.answerRate())),
            new Figure("abandonRate", Kind.RATIO, c -> orNull(c.abandonRate())),
            new Figure("callbackRate", Kind.RATIO, c -> orNull(c.callbackRate())),
            new Figure("averageSpeedOfAnswerSeconds", Kind.SECONDS, c -> orNull(c.averageSpeedOfAnswer())),
            new Figure("averageHandleTimeSeconds", Kind.SECONDS, c -> orNull(c.averageHandleTime())),
            new Figure("firstContactResolution", Kind.RATIO, c -> orNull(c.firstContactResolution())));

    private Figures() {}

    private static Double orNull(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }
}
