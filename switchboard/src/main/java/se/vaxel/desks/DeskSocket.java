package se.vaxel.desks;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.auth.Staff;

/**
 * One desk's WebSocket: nothing but {@code hello} until the session is open (a bad token, or none within
 * {@link DeskSettings#helloWithin()}, closes it with 4401), then each message parsed, checked against the role it
 * needs (the member of staff as the users file says at that moment) and handed to the {@link DeskServer}. A bad
 * message gets an {@code error} and the connection stays. The log-in's end, expiry or log-out, closes it with 4401
 * at once. What is written to it goes through its {@link SocketFeed}. Runs on the switchboard's event loop.
 */
final class DeskSocket {

    private static final Logger log = LoggerFactory.getLogger(DeskSocket.class);
    static final short UNAUTHENTICATED = 4401;
    /** WebSocket's "try again later": the desk read too slowly; it comes back with resume. */
    static final short TOO_SLOW = 1013;
    /** WebSocket's "service restart": this node no longer routes the PBX; the desk reconnects (and reaches its owner). */
    static final short MOVED = 1012;
    /** How a log-in ended while its desk was open: the {@code ended} of the last error, the close reason. */
    static final String EXPIRED = "expired";
    static final String LOGGED_OUT = "logged_out";

    private final ServerWebSocket ws;
    private final DeskServer server;
    private final SocketFeed feed;
    private final long helloTimer;
    private long expiryTimer = -1;
    private Staff staff;
    private DeskOutbox session;
    private boolean saidHello;
    private boolean closed;

    /** Where the desk connects from (through a node that forwarded it: the address that node saw). */
    private final String address;

    DeskSocket(ServerWebSocket ws, DeskServer server, String address) {
        this.ws = ws;
        this.address = address;
        this.server = server;
        this.feed = new SocketFeed(ws, server.vertx(), server.settings(), server.desks()::now, this::tooSlow);
        long helloMs = server.settings().helloWithin().toMillis();
        this.helloTimer = server.vertx().setTimer(helloMs, t -> {
            if (session == null) {
                refuse(null, "no hello within " + helloMs + " ms");
            }
        });
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(b -> answerBad(null, "text frames of JSON only"));
        ws.closeHandler(v -> onClose());
        ws.exceptionHandler(e -> log.debug("Desk socket of {}: {}", staff == null ? "(no hello yet)" : staff.id(), e.toString()));
    }

    String address() {
        return address;
    }

    Staff staff() {
        return staff;
    }

    DeskOutbox session() {
        return session;
    }

    SocketFeed feed() {
        return feed;
    }

    private void onText(String text) {
        DeskCommand command;
        try {
            command = DeskMessages.parse(text);
        } catch (DeskMessages.BadMessage e) {
            if (session == null && !saidHello) {
                refuse(e.ref, "hello first: " + e.getMessage());
            } else {
                answerBad(e.ref, e.getMessage());
            }
            return;
        }
        if (command instanceof DeskCommand.Hello hello) {
            if (saidHello) {
                answer(DeskMessages.error(hello.id(), "bad_message", "hello was said already on this socket"));
                return;
            }
            saidHello = true;
            server.hello(this, hello);
            return;
        }
        if (session == null) {
            refuse(command.id(), "hello with the session token first");
            return;
        }
        Optional<Staff> now = server.current(staff.id());
        if (now.isEmpty()) {
            refuse(command.id(), "the member of staff is no longer in the users file");
            return;
        }
        staff = now.get();
        if (command.role() != null && !staff.has(command.role())) {
            answer(DeskMessages.error(command.id(), "forbidden", command.getClass().getSimpleName() + " needs the role " + command.role()));
            return;
        }
        server.handle(this, command);
    }

    /**
     * The session is open: the replayed messages and the welcome went out; from now on this socket gets the
     * session's, until the log-in expires.
     */
    void opened(Staff who, DeskOutbox box, Instant expiresAt) {
        server.vertx().cancelTimer(helloTimer);
        if (closed) {
            box.detach(this, server.desks().now());
            return;
        }
        this.staff = who;
        this.session = box;
        box.attach(this);
        if (box.ended()) { // logged out while the welcome was made
            ended(LOGGED_OUT);
            return;
        }
        long left = expiresAt.toEpochMilli() - server.desks().now();
        expiryTimer = server.vertx().setTimer(Math.max(1, left), t -> ended(EXPIRED));
    }

    /** An answer to this socket's message, numbered in its session (before hello: unnumbered). */
    void answer(JsonObject message) {
        if (session != null) {
            session.answer(message, this, server.desks().now());
        } else if (!closed) {
            ws.writeTextMessage(message.encode());
        }
    }

    private void answerBad(String ref, String why) {
        answer(DeskMessages.error(ref, "bad_message", why));
    }

    /** Says why (unauthenticated) and closes with 4401. */
    void refuse(String ref, String why) {
        if (!closed) {
            ws.writeTextMessage(DeskMessages.error(ref, "unauthenticated", why).encode());
            close(UNAUTHENTICATED, "unauthenticated");
        }
    }

    /** The log-in has ended ({@link #EXPIRED} or {@link #LOGGED_OUT}): said, and closed with 4401 and that reason. */
    void ended(String how) {
        if (!closed) {
            String why = EXPIRED.equals(how) ? "the session has expired: log in again" : "the session was logged out: log in again";
            ws.writeTextMessage(DeskMessages.error(null, "unauthenticated", why).put("ended", how).encode());
            close(UNAUTHENTICATED, how);
            log.info("Desk of {} closed: the session {}", staff == null ? "(no hello yet)" : staff.id(), how.replace('_', ' '));
        }
    }

    /** Another node routes the PBX now: closed with 1012 (service restart), to reconnect and come in through any node. */
    void movedAway() {
        if (!closed) {
            close(MOVED, "another node routes the PBX now: reconnect");
        }
    }

    private void tooSlow(String why) {
        if (!closed) {
            log.warn("Desk of {} from {} closed as too slow ({}): {}; it comes back with resume",
                    staff == null ? "(no hello yet)" : staff.id(), address(), TOO_SLOW, why);
            close(TOO_SLOW, "too slow: reconnect and resume");
        }
    }

    private void close(short code, String reason) {
        closed = true;
        ws.close(code, reason);
        onClose();
    }

    private void onClose() {
        server.vertx().cancelTimer(helloTimer);
        if (expiryTimer >= 0) {
            server.vertx().cancelTimer(expiryTimer);
        }
        feed.stop();
        closed = true;
        if (session != null) {
            session.detach(this, server.desks().now());
        }
    }

    boolean closed() {
        return closed;
    }
}
