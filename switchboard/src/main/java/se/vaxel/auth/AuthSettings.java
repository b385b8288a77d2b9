package se.vaxel.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Log-in settings: {@code VAXEL_USERS_FILE} (who may log in; none: nobody), {@code VAXEL_SESSION_HOURS} (how
 * long a session lasts, default 10: a working shift) and {@code VAXEL_PROTECTED_IDENTITY_ROLES} (the roles that
 * may see the cases of citizens with a protected identity, default {@code protected_identity}).
 */
public record AuthSettings(Path usersFile, Duration sessionLength, Set<String> protectedIdentityRoles) {

    public static final Set<String> DEFAULT_PROTECTED_IDENTITY_ROLES = Set.of("protected_identity");

    public AuthSettings {
        protectedIdentityRoles = Set.copyOf(protectedIdentityRoles);
        if (sessionLength.isNegative() || sessionLength.isZero() || sessionLength.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("VAXEL_SESSION_HOURS must be more than 0 and at most 168, not "
                    + sessionLength.toMinutes() / 60.0);
        }
    }

    /** Hours (may be a fraction) to a duration, to the millisecond. */
    public static Duration hours(double hours) {
        return Duration.ofMillis(Math.round(hours * 3_600_000));
    }

    /** The staff from the users file; nobody when none is named. */
    public Users users() {
        return usersFile == null ? Users.NONE : Users.load(usersFile);
    }
}
