package se.vaxel.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every answer the API gives is JSON, its errors too: a path nobody serves is a 404 saying what was asked, and a
 * handler's failure an error with its status (a 5xx logged here, with its cause, and told to the client in two
 * words: the details stay in the log).
 */
public final class JsonErrors {

    private static final Logger log = LoggerFactory.getLogger(JsonErrors.class);

    private JsonErrors() {
    }

    /** Mount last, after every route. */
    public static void mount(Router router) {
        router.route().last().handler(ctx -> ctx.response().setStatusCode(404)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", "no such resource: " + ctx.request().method() + " " + ctx.request().path()).encode()));
        router.route().failureHandler(ctx -> {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            if (status >= 500) {
                log.error("HTTP {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            }
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", status >= 500 ? "internal error" : "request refused").encode());
        });
    }
}
