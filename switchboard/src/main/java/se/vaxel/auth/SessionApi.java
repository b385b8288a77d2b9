package se.vaxel.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/session} {"user", "password"} logs in: 200 with the token, the member of staff and when the
 * session ends; a wrong user or password gets one and the same 401, and guessing is slowed per user and
 * address ({@link LoginThrottle}: 429 with Retry-After). {@code GET /api/session}: who am I.
 * {@code DELETE /api/session}: logs out (the token stops working on every node).
 * Passwords are checked on a small worker pool of their own, so a burst of log-ins neither blocks an event
 * loop nor takes the workers the database and the case register need.
 */
public final class SessionApi {

    private static final Logger log = LoggerFactory.getLogger(SessionApi.class);
    private static final String WRONG = "wrong user or password";

    private final Vertx vertx;
    private final Auth auth;
    private final Supplier<SessionStore> sessions;
    private final Credentials credentials;
    private final LoginThrottle throttle;
    private final WorkerExecutor checking;

    public SessionApi(Vertx vertx, Auth auth, Supplier<SessionStore> sessions, Credentials credentials, LoginThrottle throttle) {
        this.vertx = vertx;
        this.auth = auth;
        this.sessions = sessions;
        this.credentials = credentials;
        this.throttle = throttle;
        this.checking = vertx.createSharedWorkerExecutor("vaxel-password-check", 2);
        checking.executeBlocking(() -> {
            credentials.warmUp();
            return null;
        }, false);
    }

    public void mount(Router router) {
        router.post("/api/session").handler(BodyHandler.create().setBodyLimit(4 * 1024)).handler(this::logIn);
        router.get("/api/session").handler(auth.require()).handler(this::whoAmI);
        router.delete("/api/session").handler(auth.require()).handler(this::logOut);
    }

    private void logIn(RoutingContext ctx) {
        SessionStore store = sessions.get();
        if (store == null) {
            Auth.error(ctx, 503, "log-in is starting");
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (io.vertx.core.json.DecodeException e) {
            body = null;
        }
        if (body == null || !(body.getValue("user") instanceof String user) || !(body.getValue("password") instanceof String password)) {
            Auth.error(ctx, 400, "a JSON object with user and password is needed");
            return;
        }
        String address = Auth.address(ctx);
        Duration wait = throttle.wait(user, address);
        if (!wait.isZero()) {
            ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
            Auth.error(ctx, 429, "too many wrong passwords: try again in " + Math.max(1, wait.toSeconds()) + " s");
            return;
        }
        checking.executeBlocking(() -> credentials.check(user, password), false)
                .compose(staff -> opened(store, staff))
                .onSuccess(opened -> {
                    if (opened == null) {
                        int failures = throttle.failed(user, address);
                        log.info("Log-in refused from {} ({} wrong in a row for that name there)", address, failures);
                        Auth.error(ctx, 401, WRONG);
                        return;
                    }
                    throttle.succeeded(user, address);
                    log.info("{} logged in from {}", opened.staff().id(), address);
                    ctx.json(new JsonObject().put("token", opened.opened().token()).put("user", opened.staff().json())
                            .put("expiresAt", opened.opened().session().expiresAt().toString()));
                })
                .onFailure(e -> {
                    log.error("Log-in failed: {}", e.toString());
                    Auth.error(ctx, 503, "log-in is not possible now");
                });
    }

    private record LoggedIn(Staff staff, SessionStore.Opened opened) {}

    /** The new session of the member of staff; null when the user or password was wrong. */
    private Future<LoggedIn> opened(SessionStore store, Optional<Staff> staff) {
        if (staff.isEmpty()) {
            return Future.succeededFuture(null);
        }
        return Future.fromCompletionStage(store.open(staff.get().id()), vertx.getOrCreateContext())
                .map(opened -> new LoggedIn(auth.current(staff.get().id()).orElse(staff.get()), opened));
    }

    private void whoAmI(RoutingContext ctx) {
        ctx.json(new JsonObject().put("user", Auth.staff(ctx).json()).put("expiresAt", Auth.session(ctx).expiresAt().toString()));
    }

    private void logOut(RoutingContext ctx) {
        Future.fromCompletionStage(sessions.get().close(Auth.token(ctx)), vertx.getOrCreateContext()).onSuccess(v -> {
            log.info("{} logged out", Auth.staff(ctx).id());
            ctx.response().setStatusCode(204).end();
        }).onFailure(ctx::fail);
    }
}
