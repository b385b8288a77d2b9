package se.vaxel.desks;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.auth.Staff;

/**
 * One desk's WebSocket: nothing but {@code hello} until the session is open (a bad token, or none within
 * {@link #HELLO_WITHIN_MS}, closes it with 4401), then each message parsed, checked against the role it needs
 * (the member of staff as the users file says at that moment) and handed to the {@link DeskServer}. A bad message
 * gets an {@code error} and the connection stays. Runs on the switchboard's event loop.
 */
final class DeskSocket {

    private static final Logger log = LoggerFactory.getLogger(DeskSocket.class);
    static final long HELLO_WITHIN_MS = 10_000;
    static final short UNAUTHENTICATED = 4401;

    private final ServerWebSocket ws;
    private final DeskServer server;
    private final long helloTimer;
    private Staff staff;
    private DeskOutbox session;
    private boolean saidHello;
    private boolean closed;

    DeskSocket(ServerWebSocket ws, DeskServer server) {
        this.ws = ws;
        this.server = server;
        this.helloTimer = server.vertx().setTimer(HELLO_WITHIN_MS, t -> {
            if (session == null) {
                refuse(null, "no hello within " + HELLO_WITHIN_MS / 1000 + " s");
            }
        });
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(b -> answerBad(null, "text frames of JSON only"));
        ws.closeHandler(v -> onClose());
        ws.exceptionHandler(e -> log.debug("Desk socket of {}: {}", staff == null ? "(no hello yet)" : staff.id(), e.toString()));
    }

    String address() {
        return ws.remoteAddress() == null ? null : ws.remoteAddress().hostAddress();
    }

    Staff staff() {
        return staff;
    }

    DeskOutbox session() {
        return session;
    }

    void write(String text) {
        if (!closed) {
            ws.writeTextMessage(text);
        }
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

    /** The session is open: the replayed messages and the welcome went out; from now on this socket gets the session's. */
    void opened(Staff who, DeskOutbox box) {
        server.vertx().cancelTimer(helloTimer);
        if (closed) {
            box.detach(this, server.desks().now());
            return;
        }
        this.staff = who;
        this.session = box;
        box.attach(this);
    }

    /** An answer to this socket's message, numbered in its session (before hello: unnumbered). */
    void answer(JsonObject message) {
        if (session != null) {
            session.send(message, this, server.desks().now());
        } else {
            write(message.encode());
        }
    }

    private void answerBad(String ref, String why) {
        answer(DeskMessages.error(ref, "bad_message", why));
    }

    /** Says why (unauthenticated) and closes with 4401. */
    void refuse(String ref, String why) {
        if (closed) {
            return;
        }
        write(DeskMessages.error(ref, "unauthenticated", why).encode());
        closed = true;
        ws.close(UNAUTHENTICATED, "unauthenticated");
        onClose();
    }

    private void onClose() {
        server.vertx().cancelTimer(helloTimer);
        closed = true;
        if (session != null) {
            session.detach(this, server.desks().now());
        }
    }

    boolean closed() {
        return closed;
    }
}
