package se.vaxel.desks;

import java.time.Duration;
import java.util.Map;

/**
 * How patient the desks' WebSocket is: {@code helloWithin}, how long a new socket may stay silent before its
 * {@code hello} (then 4401); {@code drainWithin}, how long a desk's socket may keep its write queue full before
 * it is closed with 1013 (it resumes from the outbox); {@code writeQueueBytes}, how much may wait in that queue:
 * above the largest message (a pop with ten earlier cases' notes, some 200 KB), so that one message alone never
 * fills it, and below what the outbox keeps ({@link DeskOutbox#MAX_KEPT_CHARS}), so that what was queued when a
 * socket is closed can still be resumed.
 * From {@code VAXEL_DESK_HELLO_SECONDS} and {@code VAXEL_DESK_DRAIN_SECONDS}.
 */
public record DeskSettings(Duration helloWithin, Duration drainWithin, int writeQueueBytes) {

    public static final DeskSettings DEFAULTS = new DeskSettings(Duration.ofSeconds(10), Duration.ofSeconds(10), 512 * 1024);

    public DeskSettings {
        if (helloWithin.isNegative() || helloWithin.isZero() || drainWithin.isNegative() || drainWithin.isZero()) {
            throw new IllegalArgumentException("the desks' hello and drain times must be more than 0");
        }
        if (writeQueueBytes < 64 * 1024) {
            throw new IllegalArgumentException("a desk's write queue must hold 64 KiB at least, not " + writeQueueBytes);
        }
    }

    /** The defaults, with the settings that name others. */
    public static DeskSettings from(Map<String, String> settings) {
        return new DeskSettings(seconds(settings, "VAXEL_DESK_HELLO_SECONDS", DEFAULTS.helloWithin),
                seconds(settings, "VAXEL_DESK_DRAIN_SECONDS", DEFAULTS.drainWithin), DEFAULTS.writeQueueBytes);
    }

    private static Duration seconds(Map<String, String> settings, String key, Duration fallback) {
        String v = settings.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            double s = Double.parseDouble(v.trim());
            if (!(s > 0 && s <= 3600)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of seconds (more than 0, at most 3600), not '" + v + "'");
        }
    }
}
