package se.vaxel.desks;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The writing side of one desk's socket: its session's messages in order, with back-pressure. When the socket's
 * write queue is full (the desk, or its network, does not read), writing stops: every message is in the outbox
 * anyway. When the queue drains, what the socket missed meanwhile is written from the outbox. A queue still full
 * after {@link DeskSettings#drainWithin()}, or one that drained too late (the outbox no longer has all it missed),
 * has the socket closed as too slow (1013); the desk comes back with {@code resume}. So however slow a desk is,
 * the switchboard holds at most its write queue and its outbox for it. Owned by the switchboard's event loop.
 */
final class SocketFeed {

    private final ServerWebSocket ws;
    private final Vertx vertx;
    private final DeskSettings settings;
    private final LongSupplier now;
    /** Closes the socket as too slow, saying why. */
    private final Consumer<String> tooSlow;
    private DeskOutbox box;
    /** The seq of the last message written to this socket. */
    private long written;
    private long drainTimer = -1;
    private boolean stopped;

    SocketFeed(ServerWebSocket ws, Vertx vertx, DeskSettings settings, LongSupplier now, Consumer<String> tooSlow) {
        this.ws = ws;
        this.vertx = vertx;
        this.settings = settings;
        this.now = now;
        this.tooSlow = tooSlow;
        ws.setWriteQueueMaxSize(settings.writeQueueBytes());
    }

    /** From now on the session's messages after {@code from}; those kept already are written at once (a resume's replay). */
    void start(DeskOutbox session, long from) {
        this.box = session;
        this.written = from;
        catchUp();
    }

    /** One message of the session, written unless the queue is full (then it comes from the outbox later). */
    void deliver(DeskOutbox.Sent s) {
        if (!stopped && !congested() && s.seq() > written) {
            write(s);
        }
    }

    /** The write queue is full and writing waits for it to drain. */
    boolean congested() {
        return drainTimer >= 0;
    }

    void stop() {
        stopped = true;
        cancelDrainTimer();
    }

    private void write(DeskOutbox.Sent s) {
        ws.writeTextMessage(s.text());
        written = s.seq();
        if (ws.writeQueueFull()) {
            drainTimer = vertx.setTimer(settings.drainWithin().toMillis(), t -> {
                drainTimer = -1;
                tooSlow.accept("its socket took nothing for " + settings.drainWithin().toMillis() + " ms");
            });
            ws.drainHandler(v -> drained());
        }
    }

    private void drained() {
        ws.drainHandler(null);
        cancelDrainTimer();
        if (!stopped) {
            catchUp();
        }
    }

    private void catchUp() {
        List<DeskOutbox.Sent> missed = box.after(written, now.getAsLong());
        if (missed == null) {
            tooSlow.accept("it fell further behind than the outbox keeps"); // the desk starts again from a welcome
            return;
        }
        for (DeskOutbox.Sent s : missed) {
            if (stopped || congested()) {
                return;
            }
            write(s);
        }
    }

    private void cancelDrainTimer() {
        if (drainTimer >= 0) {
            vertx.cancelTimer(drainTimer);
            drainTimer = -1;
        }
    }
}
