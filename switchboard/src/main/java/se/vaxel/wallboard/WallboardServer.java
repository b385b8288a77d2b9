package se.vaxel.wallboard;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.auth.Auth;
import se.vaxel.auth.SessionStore;
import se.vaxel.auth.Staff;
import se.vaxel.calls.LiveCalls;
import se.vaxel.metrics.QueueTally;
import se.vaxel.routing.CallDistributor;
import se.vaxel.routing.ContactCentre;

/**
 * The wallboard's WebSocket, {@code GET /api/wallboard} (README.md): opens on {@code hello} with the session token
 * of a supervisor, an administrator or a wallboard's own account, then pushes a {@code snapshot} every second and
 * the day's {@code series} every minute. Everything runs on the switchboard's event loop, the live state's one
 * writer: one snapshot a second is built there (a pass over the queues and agents), encoded once and written to
 * every wallboard; the session look-ups are asynchronous.
 */
public final class WallboardServer {

    private static final Logger log = LoggerFactory.getLogger(WallboardServer.class);
    /** Who may watch: the same roles as the live APIs. */
    public static final List<String> ROLES = List.of(Staff.SUPERVISOR, Staff.ADMIN, "wallboard");
    static final long TICK_MS = 1_000;
    /** How often an open wallboard's session is checked again: a log-out or a role taken away ends the feed. */
    static final long RECHECK_MS = 60_000;

    private final Vertx vertx;
    private final Clock clock;
    private final Auth auth;
    private final LiveCalls live;
    private final CallDistributor distributor;
    private final SnapshotBuilder builder;
    private final Set<WallboardSocket> sockets = new LinkedHashSet<>();
    private io.vertx.core.Context context;
    private long ticker = -1;
    private long rechecker = -1;

    /** @param applyOpeningHours whether routing closes services outside their hours (the demo does not) */
    public WallboardServer(Vertx vertx, Clock clock, Auth auth, ContactCentre centre, boolean applyOpeningHours, QueueTally tally,
            LiveCalls live, CallDistributor distributor) {
        this.vertx = vertx;
        this.clock = clock;
        this.auth = auth;
        this.live = live;
        this.distributor = distributor;
        this.builder = new SnapshotBuilder(centre, applyOpeningHours, tally::today, clock.instant(), distributor.agents().values());
        tally.listen(builder);
        distributor.onAgentChange(builder::on);
    }

    /** Mounts {@code /api/wallboard} and starts the second's tick (on the caller's event loop: the switchboard's). */
    public void mount(Router router) {
        router.route("/api/wallboard").handler(ctx -> ctx.request().toWebSocket()
                .onSuccess(ws -> new WallboardSocket(ws, this))
                .onFailure(e -> {
                    if (!ctx.response().ended()) {
                        ctx.response().setStatusCode(400);
                        ctx.json(new JsonObject().put("error", "/api/wallboard is a WebSocket (wallboard README): " + e.getMessage()));
                    }
                }));
        context = vertx.getOrCreateContext();
        ticker = vertx.setPeriodic(TICK_MS, t -> tick());
        rechecker = vertx.setPeriodic(RECHECK_MS, t -> recheck());
    }

    /**
     * Once the session store runs: a log-in that ends on any node (logged out, expired) closes its wallboards here with
     * 4401 at once, as the desks' do; the minute's check stays for a role taken away.
     */
    public void follow(SessionStore sessions) {
        sessions.onEnded(e -> context.runOnContext(v -> {
            String how = e.expired() ? "expired" : "logged_out";
            for (WallboardSocket s : List.copyOf(sockets)) {
                if (e.tokenDigest().equals(s.tokenDigest())) {
                    s.close(WallboardSocket.UNAUTHENTICATED, new WallboardMessage.Error(null, "unauthenticated",
                            "the session has " + (e.expired() ? "expired" : "been logged out") + ": log in again", how));
                }
            }
        }));
    }

    /** Another node owns the PBX now: every wallboard closed with 1012, to reconnect to it (through any node). */
    public void handOver() {
        for (WallboardSocket s : List.copyOf(sockets)) {
            s.close(WallboardSocket.MOVED, new WallboardMessage.Error(null, "moved", "another node routes the PBX now: reconnect"));
        }
    }

    public void stop() {
        vertx.cancelTimer(ticker);
        vertx.cancelTimer(rechecker);
    }

    Vertx vertx() {
        return vertx;
    }

    /**
     * Each second: a snapshot for the open wallboards, and the minute's point of the day's series, which is kept
     * whether anyone watches or not (a page opened at noon shows the morning).
     */
    private void tick() {
        Instant now = clock.instant();
        if (sockets.isEmpty() && !builder.sampleDue(now)) {
            return;
        }
        WallboardMessage.Snapshot snapshot = snapshot(now);
        boolean newPoint = builder.sample(snapshot);
        if (sockets.isEmpty()) {
            return;
        }
        String text = snapshot.json().encode();
        String series = newPoint ? builder.series().json().encode() : null;
        for (WallboardSocket s : List.copyOf(sockets)) {
            if (s.open()) {
                s.write(text);
                if (series != null) {
                    s.write(series);
                }
            }
        }
    }

    private WallboardMessage.Snapshot snapshot(Instant now) {
        return builder.snapshot(live.queues(now), distributor.agents().values(), now);
    }

    /** Checks the token as the HTTP API does; then the welcome, a snapshot at once and the series so far. */
    void hello(WallboardSocket socket, WallboardCommand.Hello hello) {
        auth.staff(hello.token()).onComplete(found -> {
            if (socket.closed()) {
                return;
            }
            if (found.failed()) {
                socket.close(WallboardSocket.TRY_AGAIN, new WallboardMessage.Error(hello.id(), "unavailable",
                        "log-in cannot be checked now (" + found.cause().getMessage() + "): connect again shortly"));
                return;
            }
            Optional<WallboardMessage.Error> refused = refusal(hello.id(), found.result());
            if (refused.isPresent()) {
                socket.close(closeCode(refused.get()), refused.get());
                return;
            }
            Staff staff = found.result().get();
            socket.opened(staff, hello.token());
            sockets.add(socket);
            socket.send(new WallboardMessage.Welcome(staff));
            socket.send(snapshot(clock.instant()));
            socket.send(builder.series());
            log.info("Wallboard of {} open", staff.id());
        });
    }

    void closed(WallboardSocket socket) {
        sockets.remove(socket);
    }

    /** The open wallboards' sessions again: one that has ended, or lost its role, is closed as at hello. */
    private void recheck() {
        for (WallboardSocket s : List.copyOf(sockets)) {
            if (!s.open()) {
                continue;
            }
            auth.staff(s.token()).onSuccess(found -> refusal(null, found).ifPresent(why -> s.close(closeCode(why), why)));
        }
    }

    private static Optional<WallboardMessage.Error> refusal(String ref, Optional<Staff> staff) {
        if (staff.isEmpty()) {
            return Optional.of(new WallboardMessage.Error(ref, "unauthenticated", "the session has ended or the token is not valid: log in again"));
        }
        if (!staff.get().hasAny(ROLES)) {
            return Optional.of(new WallboardMessage.Error(ref, "forbidden", "the wallboard needs one of the roles " + String.join(", ", ROLES)));
        }
        return Optional.empty();
    }

    private static short closeCode(WallboardMessage.Error why) {
        return why.code().equals("forbidden") ? WallboardSocket.FORBIDDEN : WallboardSocket.UNAUTHENTICATED;
    }
}
