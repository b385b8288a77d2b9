package se.vaxel.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards routes: {@code router.route("/api/x*").handler(auth.require("officer", "supervisor"))} lets through
 * only requests with {@code Authorization: Bearer <token>} of a live session whose member of staff has one of
 * those roles (no roles: anyone logged in), and puts them in the context for the handlers after it:
 * {@link #staff(RoutingContext)}. Answers 401 (no, bad, expired or logged-out token), 403 (logged in, wrong
 * role) and 503 (the session store is starting), each as JSON. The session is looked up asynchronously: put a
 * route's BodyHandler before this handler, so the body is read while it waits.
 */
public final class Auth {

    private static final Logger log = LoggerFactory.getLogger(Auth.class);
    private static final String STAFF = "vaxel.auth.staff";
    private static final String SESSION = "vaxel.auth.session";
    private static final String TOKEN = "vaxel.auth.token";
    private static final String ADDRESS = "vaxel.auth.address";

    private final Vertx vertx;
    /** Null until the cluster member that keeps the sessions runs. */
    private final Supplier<SessionStore> sessions;
    private final Users users;
    /** The departments a member of staff handles matters of, by staff id (the back office's configuration). */
    private final Function<String, Set<String>> departmentsOf;
    private volatile java.util.function.Predicate<String> forwarders = peer -> false;

    public Auth(Vertx vertx, Supplier<SessionStore> sessions, Users users) {
        this(vertx, sessions, users, staffId -> Set.of());
    }

    public Auth(Vertx vertx, Supplier<SessionStore> sessions, Users users, Function<String, Set<String>> departmentsOf) {
        this.vertx = vertx;
        this.sessions = sessions;
        this.users = users;
        this.departmentsOf = departmentsOf;
    }

    /** A handler that lets through staff with any of these roles (none given: any member of staff logged in). */
    public Handler<RoutingContext> require(String... anyOf) {
        List<String> roles = List.of(anyOf);
        return ctx -> {
            String token = bearer(ctx);
            if (token == null) {
                unauthorized(ctx, "log in first: POST /api/session, then send Authorization: Bearer <token>");
                return;
            }
            SessionStore store = sessions.get();
            if (store == null) {
                error(ctx, 503, "log-in is starting");
                return;
            }
            Future.fromCompletionStage(store.find(token), vertx.getOrCreateContext()).onComplete(found -> {
                if (found.failed()) {
                    log.error("Session look-up failed: {}", found.cause().toString());
                    error(ctx, 503, "sessions cannot be read now");
                    return;
                }
                Optional<Staff> staff = staffOf(found.result());
                if (staff.isEmpty()) {
                    unauthorized(ctx, "the session has ended or the token is not valid: log in again");
                } else if (!roles.isEmpty() && !staff.get().hasAny(roles)) {
                    error(ctx, 403, "this needs one of the roles " + String.join(", ", roles));
                } else {
                    ctx.put(STAFF, staff.get());
                    ctx.put(SESSION, found.result());
                    ctx.put(TOKEN, token);
                    ctx.put(ADDRESS, clientAddress(ctx.request()));
                    ctx.next();
                }
            });
        };
    }

    /** A live session's member of staff and when the session ends: for a connection that outlives one request. */
    public record LoggedIn(Staff staff, Instant expiresAt) {}

    /**
     * The member of staff whose live session this token is, and until when (empty: none, ended, or a user no longer
     * in the file), for a connection that is not an HTTP request (the desks' WebSocket sends its token in its first
     * message). Fails while the session store starts or cannot be read.
     */
    public Future<Optional<LoggedIn>> session(String token) {
        SessionStore store = sessions.get();
        if (store == null) {
            return Future.failedFuture(new IllegalStateException("log-in is starting"));
        }
        if (token == null || token.isEmpty() || token.length() > 256) {
            return Future.succeededFuture(Optional.empty());
        }
        return Future.fromCompletionStage(store.find(token), vertx.getOrCreateContext())
                .map(s -> staffOf(s).map(staff -> new LoggedIn(staff, s.expiresAt())));
    }

    /** The member of staff of a live session, as {@link #session(String)}. */
    public Future<Optional<Staff>> staff(String token) {
        return session(token).map(s -> s.map(LoggedIn::staff));
    }

    /**
     * The member of staff now, as the users file and the back office say (read afresh: a role taken away counts at
     * once).
     */
    public Optional<Staff> current(String staffId) {
        return users.staff(staffId).map(s -> s.withDepartments(departmentsOf.apply(s.id())));
    }

    private Optional<Staff> staffOf(StoredSession session) {
        return session == null ? Optional.empty() : current(session.staffId());
    }

    /** The member of staff a {@link #require} handler let through; fails loudly on a route it does not guard. */
    public static Staff staff(RoutingContext ctx) {
        Staff s = ctx.get(STAFF);
        if (s == null) {
            throw new IllegalStateException("no member of staff on " + ctx.request().path() + ": the route needs Auth.require");
        }
        return s;
    }

    static StoredSession session(RoutingContext ctx) {
        return ctx.get(SESSION);
    }

    static String token(RoutingContext ctx) {
        return ctx.get(TOKEN);
    }

    /**
     * Where the request came from, for the audit log: the peer, or for a request another node of the cluster forwarded,
     * the caller it saw ({@link #clientAddress}); a proxy's X-Forwarded-For is not trusted otherwise.
     */
    public static String address(RoutingContext ctx) {
        String known = ctx.get(ADDRESS);
        if (known != null) {
            return known;
        }
        var a = ctx.request().remoteAddress();
        return a == null ? null : a.hostAddress();
    }

    /**
     * Believes X-Forwarded-For from these peers only: the cluster's other nodes, whose forward to the PBX's owner adds
     * the caller's address last ({@code se.vaxel.cluster.OwnerForward}).
     */
    public void trustForwardsFrom(java.util.function.Predicate<String> peers) {
        this.forwarders = peers;
    }

    /** The caller's address: the peer, or the one a trusted node that forwarded the request saw. */
    public String clientAddress(io.vertx.core.http.HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String chain = request.getHeader("X-Forwarded-For");
        if (peer != null && chain != null && request.getHeader(se.vaxel.cluster.OwnerForward.LOOP_HEADER) != null
                && forwarders.test(peer)) {
            String last = chain.substring(chain.lastIndexOf(',') + 1).trim(); // what the forwarding node added itself
            if (!last.isEmpty()) {
                return last;
            }
        }
        return peer;
    }

    private static String bearer(RoutingContext ctx) {
        String h = ctx.request().getHeader("Authorization");
        if (h == null || h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = h.substring(7).trim();
        return token.isEmpty() || token.length() > 256 ? null : token;
    }

    private static void unauthorized(RoutingContext ctx, String why) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"vaxel\"");
        error(ctx, 401, why);
    }

    static void error(RoutingContext ctx, int status, String why) {
        ctx.response().setStatusCode(status);
        ctx.json(new JsonObject().put("error", why));
    }
}
