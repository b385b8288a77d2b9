package se.vaxel.auth;

/** A configured member of staff and their password's bcrypt hash (never the password). */
public record Account(Staff staff, String passwordHash) {

    @Override
    public String toString() {
        return "Account[" + staff.id() + "]"; // the hash stays out of logs too
    }
}
