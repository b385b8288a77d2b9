package se.vaxel.auth;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Salted, deliberately slow password hashes: bcrypt through Spring Security's {@link BCryptPasswordEncoder}
 * (a random salt per hash, the cost in the hash itself, so old hashes keep working when the cost is raised).
 * Hashing and checking take a quarter of a second on purpose: never on an event loop.
 */
public final class Passwords {

    /** 2^12 rounds: about 0.25 s on this project's machine, the usual choice for interactive log-ins. */
    public static final int STRENGTH = 12;
    /** bcrypt reads only the first 72 bytes; a longer password would be silently cut, so it is refused. */
    public static final int MAX_BYTES = 72;
    public static final int MIN_LENGTH = 8;

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

    private final BCryptPasswordEncoder encoder;

    public Passwords() {
        this(STRENGTH);
    }

    /** With another cost: tests use the lowest (4) to stay fast. */
    public Passwords(int strength) {
        this.encoder = new BCryptPasswordEncoder(strength);
    }

    /** Blocking: a new hash with a new salt. */
    public String hash(CharSequence password) {
        String why = problem(password);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        return encoder.encode(password);
    }

    /** Blocking: whether the password is the one hashed. */
    public boolean matches(CharSequence password, String hash) {
        return password != null && encoder.matches(password, hash);
    }

    /** Why this cannot be a password, or null when it can. */
    public static String problem(CharSequence password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "a password needs at least " + MIN_LENGTH + " characters";
        }
        if (password.toString().getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "a password may have at most " + MAX_BYTES + " bytes (bcrypt ignores the rest)";
        }
        return null;
    }

    /** The cost a bcrypt hash was made with (its log2 rounds). */
    public static int cost(String hash) {
        var m = BCRYPT.matcher(hash);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a bcrypt hash");
        }
        return Integer.parseInt(m.group(1));
    }

    /** Whether this is a bcrypt hash ($2a$, $2b$ or $2y$, cost 04-31), as HashPassword and htpasswd -B make. */
    public static boolean isHash(String s) {
        if (s == null) {
            return false;
        }
        return BCRYPT.matcher(s).matches() && cost(s) >= 4 && cost(s) <= 31;
    }
}
