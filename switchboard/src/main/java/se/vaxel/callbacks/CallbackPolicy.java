package se.vaxel.callbacks;

import java.time.Duration;

/**
 * How callbacks are made, from the contact-centre file's {@code callbacks} block. Which services offer them,
 * and from what estimated wait, is each service's own setting.
 *
 * @param municipalityNumber the number citizens see when called back (and may call back themselves); no
 *                           number, no callbacks
 * @param maxAttempts        calls to the citizen before the callback counts as missed
 * @param retryAfter         pause after an attempt the citizen did not answer
 * @param recogniseWithin    how long a citizen who missed their callback keeps their place if they phone again
 * @param ringCitizen        how long the citizen's phone rings on each attempt
 */
public record CallbackPolicy(String municipalityNumber, int maxAttempts, Duration retryAfter, Duration recogniseWithin,
        Duration ringCitizen) {

    public static final CallbackPolicy NONE = new CallbackPolicy(null, 3, Duration.ofMinutes(5), Duration.ofHours(4),
            Duration.ofSeconds(30));

    public boolean enabled() {
        return municipalityNumber != null && !municipalityNumber.isBlank();
    }
}
