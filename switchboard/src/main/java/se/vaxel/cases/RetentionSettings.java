package se.vaxel.cases;

import java.time.Duration;

/**
 * How long closed cases keep what identifies the citizen, and how long they are kept at all: from
 * {@code VAXEL_CASES_ANONYMISE_AFTER_DAYS} (default 365; 0 never), {@code VAXEL_CASES_DELETE_AFTER_DAYS}
 * (default 0, never: deleting public records is the municipality's decision) and
 * {@code VAXEL_CASES_RETENTION_INTERVAL_MINUTES} (default 60). Days count from when the call ended.
 */
public record RetentionSettings(int anonymiseAfterDays, int deleteAfterDays, Duration interval) {

    public static final RetentionSettings DEFAULT = new RetentionSettings(365, 0, Duration.ofHours(1));

    public RetentionSettings {
        if (anonymiseAfterDays < 0) {
            throw new IllegalArgumentException("VAXEL_CASES_ANONYMISE_AFTER_DAYS must be at least 0 (0: never), not "
                    + anonymiseAfterDays);
        }
        if (deleteAfterDays < 0) {
            throw new IllegalArgumentException("VAXEL_CASES_DELETE_AFTER_DAYS must be at least 0 (0: never), not " + deleteAfterDays);
        }
        if (anonymiseAfterDays > 0 && deleteAfterDays > 0 && deleteAfterDays < anonymiseAfterDays) {
            throw new IllegalArgumentException("VAXEL_CASES_DELETE_AFTER_DAYS (" + deleteAfterDays
                    + ") must be at least VAXEL_CASES_ANONYMISE_AFTER_DAYS (" + anonymiseAfterDays
                    + "): a case is anonymised first and deleted later, or set VAXEL_CASES_ANONYMISE_AFTER_DAYS=0");
        }
        if (interval.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("VAXEL_CASES_RETENTION_INTERVAL_MINUTES must be at least 1, not "
                    + interval.toSeconds() / 60.0);
        }
    }

    public boolean anonymises() {
        return anonymiseAfterDays > 0;
    }

    public boolean deletes() {
        return deleteAfterDays > 0;
    }
}
