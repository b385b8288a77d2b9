package se.vaxel.pbxsim.core;

import se.vaxel.ami.protocol.AmiMessage;

/** One AMI connection as the action handlers see it. All methods are called on the core thread. */
public interface AmiPeer {
    /** Queues a message for this connection only (a response, a list item, an event for it alone). */
    void send(AmiMessage m);

    /** Closes the connection once what is queued has been written. */
    void closeAfterFlush();

    boolean authenticated();

    void authenticated(String user, boolean eventsOn);

    void eventsOn(boolean on);

    boolean eventsOn();

    String remoteAddress();

    String localAddress();

    String sessionId();

    /** Whatever Challenge returned last, for MD5 logins. */
    String challenge();

    void challenge(String c);

    /** The unknown action whose RequestBadFormat event follows the next response. */
    String pendingBadFormat();

    void pendingBadFormat(String action);
}
