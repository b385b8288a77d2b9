package se.vaxel.metrics;

import java.util.OptionalDouble;

/**
 * What happened in one service queue over a period (a day, today so far), as counts and sums, and the figures
 * contact centres judge a queue by, derived from them exactly as README.md defines them. A figure whose
 * denominator is zero is absent: no calls is not 0% and not 100%.
 *
 * @param waitAnsweredSeconds the sum of the waits of the answered calls (for ASA)
 * @param talkSeconds         the sum of talk times of the answered calls
 * @param afterCallSeconds    the sum of wrap-up times after them
 * @param resolutionsRecorded cases of the queue with a resolution recorded by the agent (FCR's denominator)
 * @param talksEnded          answered calls whose talk has ended (AHT's denominator: a call still in progress has no
 *                            handle time yet, and counting it would pull today's AHT down all day)
 */
public record QueueCounts(long offered, long answered, long answeredWithinTarget, long abandoned, long abandonedShort,
        long callbacksBooked, long callbacksCompleted, long transferredToBackOffice, long resolvedFirstContact,
        long resolutionsRecorded, double waitAnsweredSeconds, double talkSeconds, double afterCallSeconds, long talksEnded) {

    public static final QueueCounts NONE = new QueueCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The counts of a period whose calls have all ended (a day gone by): every answered call's talk has ended. */
    public QueueCounts(long offered, long answered, long answeredWithinTarget, long abandoned, long abandonedShort,
            long callbacksBooked, long callbacksCompleted, long transferredToBackOffice, long resolvedFirstContact,
            long resolutionsRecorded, double waitAnsweredSeconds, double talkSeconds, double afterCallSeconds) {
        this(offered, answered, answeredWithinTarget, abandoned, abandonedShort, callbacksBooked, callbacksCompleted,
                transferredToBackOffice, resolvedFirstContact, resolutionsRecorded, waitAnsweredSeconds, talkSeconds,
                afterCallSeconds, answered);
    }

    /** Both periods together (two days, two nodes' halves of a day). */
    public QueueCounts plus(QueueCounts o) {
        return new QueueCounts(offered + o.offered, answered + o.answered, answeredWithinTarget + o.answeredWithinTarget,
                abandoned + o.abandoned, abandonedShort + o.abandonedShort, callbacksBooked + o.callbacksBooked,
                callbacksCompleted + o.callbacksCompleted, transferredToBackOffice + o.transferredToBackOffice,
                resolvedFirstContact + o.resolvedFirstContact, resolutionsRecorded + o.resolutionsRecorded,
                waitAnsweredSeconds + o.waitAnsweredSeconds, talkSeconds + o.talkSeconds, afterCallSeconds + o.afterCallSeconds,
                talksEnded + o.talksEnded);
    }

    /** Calls whose wait counts: the offered ones less the short abandons (misdials). */
    public long offeredCounted() {
        return offered - abandonedShort;
    }

    /** Answered within target / (answered + abandoned − short abandoned). */
    public OptionalDouble serviceLevel() {
        return ratio(answeredWithinTarget, answered + abandoned - abandonedShort);
    }

    /** Answered / (offered − short abandoned). */
    public OptionalDouble answerRate() {
        return ratio(answered, offeredCounted());
    }

    /** (Abandoned − short abandoned) / (offered − short abandoned). */
    public OptionalDouble abandonRate() {
        return ratio(abandoned - abandonedShort, offeredCounted());
    }

    /** Callbacks booked / (offered − short abandoned). */
    public OptionalDouble callbackRate() {
        return ratio(callbacksBooked, offeredCounted());
    }

    /** Average speed of answer, seconds: the waits of answered calls / answered. */
    public OptionalDouble averageSpeedOfAnswer() {
        return answered == 0 ? OptionalDouble.empty() : OptionalDouble.of(waitAnsweredSeconds / answered);
    }

    /** Average handle time, seconds: (talk + after-call work) / answered calls whose talk has ended. */
    public OptionalDouble averageHandleTime() {
        return talksEnded == 0 ? OptionalDouble.empty() : OptionalDouble.of((talkSeconds + afterCallSeconds) / talksEnded);
    }

    /** First contact resolution: resolved at first contact / cases with a resolution recorded. */
    public OptionalDouble firstContactResolution() {
        return ratio(resolvedFirstContact, resolutionsRecorded);
    }

    private static OptionalDouble ratio(long part, long whole) {
        return whole <= 0 ? OptionalDouble.empty() : OptionalDouble.of((double) part / whole);
    }
}
