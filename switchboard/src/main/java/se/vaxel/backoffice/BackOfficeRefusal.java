package se.vaxel.backoffice;

/**
 * A back-office request that cannot be done, and why, with the HTTP status that says so: 400 a bad request,
 * 403 not this person's to do, 404 no such case or matter, 409 the matter's state forbids it (claimed by
 * another, closed already).
 */
public final class BackOfficeRefusal extends RuntimeException {

    private final int status;

    public BackOfficeRefusal(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
