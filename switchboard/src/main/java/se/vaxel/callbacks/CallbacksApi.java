package se.vaxel.callbacks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * {@code GET /api/callbacks}: the callbacks waiting, being called and recently missed, oldest place first,
 * and how many changes are not yet in the database. Runs on the book's event loop.
 */
public final class CallbacksApi {

    private final CallbackPolicy policy;
    /** The book once the database is open; null before. */
    private final Supplier<CallbackBook> book;

    public CallbacksApi(CallbackPolicy policy, Supplier<CallbackBook> book) {
        this.policy = policy;
        this.book = book;
    }

    public void mount(Router router) {
        router.get("/api/callbacks").handler(ctx -> ctx.json(list()));
    }

    private JsonObject list() {
        CallbackBook b = book.get();
        JsonArray out = new JsonArray();
        if (b != null) {
            for (Callback cb : b.list()) {
                out.add(new JsonObject()
                        .put("id", cb.id())
                        .put("service", cb.service())
                        .put("number", cb.number())
                        .put("status", cb.status().wireName())
                        .put("queuedAt", cb.queuedAt().toString())
                        .put("requestedAt", cb.requestedAt().toString())
                        .put("attempts", cb.attempts())
                        .put("nextAttempt", text(cb.nextAttempt()))
                        .put("lastResult", cb.lastResult()));
            }
        }
        return new JsonObject()
                .put("enabled", policy.enabled())
                .put("maxAttempts", policy.maxAttempts())
                .put("callbacks", out)
                .put("unsaved", b == null ? 0 : b.unsavedCount());
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
