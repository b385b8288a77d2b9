package se.vaxel.audit;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import se.vaxel.auth.Auth;
import se.vaxel.auth.Staff;
import se.vaxel.http.QueryParams;

/**
 * {@code GET /api/audit?case=&user=&from=&to=&page=&size=}: who accessed which cases, newest first, for
 * supervisors and admins. {@code from} inclusive, {@code to} exclusive (a date or an instant); {@code size}
 * 1-500 (default 50). Entries still queued behind the requests (a fraction of a second; longer while the
 * database is away) are not in it yet.
 */
public final class AuditApi {

    private final Vertx vertx;
    private final Auth auth;
    /** The store once the database is open; null before. */
    private final Supplier<JdbcAuditStore> store;

    public AuditApi(Vertx vertx, Auth auth, Supplier<JdbcAuditStore> store) {
        this.vertx = vertx;
        this.auth = auth;
        this.store = store;
    }

    public void mount(Router router) {
        router.get("/api/audit").handler(auth.require(Staff.ADMIN, Staff.SUPERVISOR)).handler(this::search);
    }

    private void search(RoutingContext ctx) {
        JdbcAuditStore s = store.get();
        if (s == null) {
            ctx.response().setStatusCode(503);
            ctx.json(new JsonObject().put("error", "the database is opening"));
            return;
        }
        AuditQuery q;
        try {
            q = new AuditQuery(ctx.queryParams().get("case"), ctx.queryParams().get("user"), QueryParams.instant(ctx, "from"),
                    QueryParams.instant(ctx, "to"), QueryParams.integer(ctx, "page", 0, 0, 1_000_000),
                    QueryParams.integer(ctx, "size", 50, 1, AuditQuery.MAX_PAGE_SIZE));
        } catch (IllegalArgumentException e) {
            ctx.response().setStatusCode(400);
            ctx.json(new JsonObject().put("error", e.getMessage()));
            return;
        }
        vertx.executeBlocking(() -> s.search(q)).onSuccess(page -> ctx.json(new JsonObject().put("total", page.total())
                .put("page", page.page()).put("size", page.size())
                .put("entries", new JsonArray(page.entries().stream().map(AuditApi::json).toList())))).onFailure(ctx::fail);
    }

    static JsonObject json(CaseAccess e) {
        return new JsonObject().put("id", e.id()).put("at", e.at().toString()).put("user", e.staffId())
                .put("action", e.action().wireName()).put("outcome", e.outcome().wireName()).put("address", e.address())
                .put("cases", new JsonArray(e.caseIds())).put("detail", e.detail());
    }
}
