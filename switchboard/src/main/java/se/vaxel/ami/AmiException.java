package se.vaxel.ami;

/** An action could not be carried out: Asterisk said no, the link went away, or no answer came in time. */
public class AmiException extends RuntimeException {

    /** {@code FENCED}: not sent, as this node does not own the PBX (any more). */
    public enum Kind { REFUSED, LINK_LOST, TIMEOUT, OVERLOADED, FENCED }

    private final Kind kind;

    public AmiException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
