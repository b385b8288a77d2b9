package se.vaxel.auth;

import java.security.SecureRandom;
import java.util.List;
import java.util.Set;

/**
 * For the built-in simulator's demo only, when no users file is given: one supervisor, {@value #USER}, with a
 * password made up at random at each start and shown once on the console, so the case API can be tried
 * without writing a users file. No password is in the code, and none outlives the process.
 */
public final class DemoLogin {

    public static final String USER = "demo";
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private final String password;
    private final Users users;

    private DemoLogin(String password, Users users) {
        this.password = password;
        this.users = users;
    }

    /** Blocking (hashes the password): call before Vert.x starts. */
    public static DemoLogin create() {
        SecureRandom random = new SecureRandom();
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            p.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        Staff demo = new Staff(USER, "Demo supervisor", Set.of(Staff.SUPERVISOR), Set.of());
        return new DemoLogin(p.toString(), Users.of(List.of(new Account(demo, new Passwords().hash(p)))));
    }

    public Users users() {
        return users;
    }

    /** What to print once, on the console (not the log). */
    public String banner(String baseUrl) {
        return "\n  Demo log-in for the case API (this run only; set VAXEL_USERS_FILE for real users):\n"
                + "    user " + USER + ", password " + password + "\n"
                + "    curl -s -X POST " + baseUrl + "/api/session -d '{\"user\":\"" + USER + "\",\"password\":\"" + password + "\"}'\n"
                + "    then: curl -s -H 'Authorization: Bearer <token>' " + baseUrl + "/api/cases\n";
    }
}
