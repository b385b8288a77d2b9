package se.vaxel.client;

/** The switchboard could not be reached or answered with an error; {@link #status()} is -1 when no answer came. */
public final class VaxelClientException extends RuntimeException {

    private final int status;

    public VaxelClientException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
