package se.vaxel.wallboard;

import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.auth.Staff;
import se.vaxel.auth.Tokens;

/**
 * One wallboard's WebSocket: nothing but {@code hello} until the session is open (a bad token, or none within
 * {@link #HELLO_WITHIN_MS}, closes it with 4401; a member of staff without a watcher's role with 4403), then
 * {@code ping} answered and anything else answered with an {@code error}, the connection kept. What it is sent
 * comes from the {@link WallboardServer}. On the switchboard's event loop.
 */
final class WallboardSocket {

    private static final Logger log = LoggerFactory.getLogger(WallboardSocket.class);
    static final long HELLO_WITHIN_MS = 10_000;
    static final short UNAUTHENTICATED = 4401;
    static final short FORBIDDEN = 4403;
    /** Try again later (RFC 6455's registry): log-in cannot be checked now; the page connects again. */
    static final short TRY_AGAIN = 1013;
    /** "Service restart": this node no longer routes the PBX; the wallboard reconnects and reaches the one that does. */
    static final short MOVED = 1012;

    private final ServerWebSocket ws;
    private final WallboardServer server;
    private final long helloTimer;
    private Staff staff;
    private String token;
    private String tokenDigest;
    private boolean saidHello;
    private boolean closed;

    WallboardSocket(ServerWebSocket ws, WallboardServer server) {
        this.ws = ws;
        this.server = server;
        this.helloTimer = server.vertx().setTimer(HELLO_WITHIN_MS, t -> {
            if (staff == null) {
                close(UNAUTHENTICATED, new WallboardMessage.Error(null, "unauthenticated", "no hello within " + HELLO_WITHIN_MS / 1000 + " s"));
            }
        });
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(b -> bad(null, "text frames of JSON only"));
        ws.closeHandler(v -> onClose());
        ws.exceptionHandler(e -> log.debug("Wallboard socket of {}: {}", staff == null ? "(no hello yet)" : staff.id(), e.toString()));
    }

    private void onText(String text) {
        WallboardCommand command;
        try {
            command = WallboardCommand.parse(text);
        } catch (WallboardCommand.BadMessage e) {
            bad(e.ref, e.getMessage());
            return;
        }
        if (command instanceof WallboardCommand.Hello hello) {
            if (saidHello) {
                send(new WallboardMessage.Error(hello.id(), "bad_message", "hello was said already on this socket"));
                return;
            }
            saidHello = true;
            server.hello(this, hello);
        } else if (staff == null) {
            close(UNAUTHENTICATED, new WallboardMessage.Error(command.id(), "unauthenticated", "hello with the session token first"));
        } else {
            send(new WallboardMessage.Ok(command.id())); // a ping: the only other message there is
        }
    }

    /** Before hello a bad message ends the socket, as at the desks; after it the wallboard hears why and stays. */
    private void bad(String ref, String why) {
        if (!saidHello) {
            close(UNAUTHENTICATED, new WallboardMessage.Error(ref, "unauthenticated", "hello first: " + why));
        } else {
            send(new WallboardMessage.Error(ref, "bad_message", why));
        }
    }

    /** The session is open: from now on this socket gets the snapshots. */
    void opened(Staff who, String sessionToken) {
        server.vertx().cancelTimer(helloTimer);
        this.staff = who;
        this.token = sessionToken;
        this.tokenDigest = Tokens.digest(sessionToken);
    }

    Staff staff() {
        return staff;
    }

    String token() {
        return token;
    }

    /** The session's key in the cluster's session map, as its end is told ({@code SessionStore.Ended}). */
    String tokenDigest() {
        return tokenDigest;
    }

    boolean open() {
        return staff != null && !closed;
    }

    void send(WallboardMessage message) {
        write(message.json().encode());
    }

    /**
     * Sends the text unless the wallboard is still reading the last ones: a slow screen skips a second (the next
     * snapshot says everything again) rather than the switchboard queueing for it.
     */
    void write(String text) {
        if (!closed && !ws.writeQueueFull()) {
            ws.writeTextMessage(text);
        }
    }

    /** Says why, then closes with the code (4401, 4403, 1013) and as reason how the log-in ended, or the error's code. */
    void close(short code, WallboardMessage.Error why) {
        if (closed) {
            return;
        }
        ws.writeTextMessage(why.json().encode());
        closed = true;
        ws.close(code, why.ended() != null ? why.ended() : why.code());
        onClose();
    }

    boolean closed() {
        return closed;
    }

    private void onClose() {
        server.vertx().cancelTimer(helloTimer);
        closed = true;
        server.closed(this);
    }
}
