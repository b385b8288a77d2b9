package se.vaxel.ami.protocol;

/** The line Asterisk sends first on every connection, e.g. {@code Asterisk Call Manager/9.0.0}. */
public record AmiBanner(String text) {

    public static final AmiBanner ASTERISK_20 = new AmiBanner("Asterisk Call Manager/9.0.0");

    /** The AMI protocol version (not the Asterisk version): 9.0.0 for Asterisk 20. */
    public String protocolVersion() {
        int slash = text.lastIndexOf('/');
        return slash < 0 ? "" : text.substring(slash + 1);
    }
}
