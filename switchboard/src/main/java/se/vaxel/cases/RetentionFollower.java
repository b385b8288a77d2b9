package se.vaxel.cases;

import java.time.Instant;

/**
 * What keeps copies of cases' personal data elsewhere (the back office's matters) and must follow the case
 * retention: told after each run, on the retention's own thread, with the run's cutoffs. It may block.
 */
@FunctionalInterface
public interface RetentionFollower {

    RetentionFollower NONE = (anonymiseBefore, deleteBefore, now) -> { };

    /**
     * @param anonymiseBefore what closed before this is to be anonymised; null when nothing is
     * @param deleteBefore    what closed before this is to be deleted; null when nothing is
     */
    void follow(Instant anonymiseBefore, Instant deleteBefore, Instant now);
}
