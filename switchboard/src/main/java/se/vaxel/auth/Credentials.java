package se.vaxel.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks a user name and password against the users file. An unknown user costs the same bcrypt work as a
 * known one (against a hash of a random password, made once at the strongest cost in the file), so the time
 * of an answer does not tell whether a user exists. Blocking (a quarter of a second by design): run it on a
 * worker.
 */
public final class Credentials {

    private final Users users;
    private final Passwords passwords;
    private final int decoyCost;
    private volatile String decoy;

    public Credentials(Users users) {
        this.users = users;
        this.passwords = new Passwords();
        this.decoyCost = users.accounts().stream().mapToInt(a -> Passwords.cost(a.passwordHash())).max().orElse(Passwords.STRENGTH);
    }

    /** The member of staff, when the user exists and the password is theirs. */
    public Optional<Staff> check(String user, String password) {
        Optional<Account> account = users.find(user);
        String hash = account.map(Account::passwordHash).orElseGet(this::decoy);
        boolean matches = passwords.matches(password, hash);
        return matches ? account.map(Account::staff) : Optional.empty();
    }

    /** Blocking: makes the decoy hash now, so that the first unknown user's answer takes no longer than any other. */
    public void warmUp() {
        decoy();
    }

    private String decoy() {
        String d = decoy;
        if (d == null) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            d = new Passwords(decoyCost).hash(Base64.getEncoder().encodeToString(random));
            decoy = d;
        }
        return d;
    }
}
