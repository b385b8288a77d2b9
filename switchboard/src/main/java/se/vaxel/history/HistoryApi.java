package se.vaxel.history;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code GET /api/history?from=&to=&queue=} (JSON) and {@code GET /api/history.csv} (the same as CSV, to download):
 * each local day's figures per service queue, for those who watch the contact centre. Figures only, no personal
 * data. Read off the event loop.
 */
public final class HistoryApi {

    private final Vertx vertx;
    /** Null until the database and the register run. */
    private final Supplier<History> history;
    private final Function<String, String> nameOf;

    public HistoryApi(Vertx vertx, Supplier<History> history, Function<String, String> nameOf) {
        this.vertx = vertx;
        this.history = history;
        this.nameOf = nameOf;
    }

    /** {@code watchers} lets through who may see the figures (supervisors, administrators, wallboards). */
    public void mount(Router router, Handler<RoutingContext> watchers) {
        router.get("/api/history").handler(watchers).handler(ctx -> answer(ctx, false));
        router.get("/api/history.csv").handler(watchers).handler(ctx -> answer(ctx, true));
    }

    private void answer(RoutingContext ctx, boolean csv) {
        History h = history.get();
        if (h == null) {
            ctx.response().setStatusCode(503);
            ctx.json(new JsonObject().put("error", "the history is starting"));
            return;
        }
        HistoryQuery q;
        try {
            q = HistoryQuery.of(ctx.queryParams()::get, h.today());
        } catch (IllegalArgumentException e) {
            ctx.response().setStatusCode(400);
            ctx.json(new JsonObject().put("error", e.getMessage()));
            return;
        }
        vertx.executeBlocking(() -> h.report(q)).onSuccess(report -> {
            if (!csv) {
                ctx.json(HistoryJson.report(report, nameOf));
                return;
            }
            ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8; header=present")
                    .putHeader("Content-Disposition", "attachment; filename=\"vaxel-history-" + q.from() + "-" + q.to() + ".csv\"")
                    .end(HistoryCsv.report(report, nameOf));
        }).onFailure(ctx::fail);
    }
}
