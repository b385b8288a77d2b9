package se.vaxel.cases;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import se.vaxel.audit.CaseAccess;
import se.vaxel.auth.Auth;
import se.vaxel.auth.Staff;
import se.vaxel.http.QueryParams;

/**
 * {@code GET /api/cases} (search: number, citizen, service, department, outcome, from, to, page, size;
 * newest first), {@code GET /api/cases/{id}}, and {@code PATCH /api/cases/{id}} with the agent's
 * {@code category}, {@code notes} and {@code resolution}, recorded as made by the logged-in member of staff.
 * Every endpoint needs a log-in with one of {@link #ROLES}; a protected identity's case exists only for the roles
 * allowed it ({@link ProtectedIdentities}); every read, search and change goes to the audit log ({@link CaseAudit}).
 * A bad parameter or body gets a 400 saying which and why.
 */
public final class CasesApi {

    /** Who may use the case register: the front office, the back office, and those who oversee them. */
    public static final String[] ROLES = {Staff.AGENT, Staff.OFFICER, Staff.SUPERVISOR, Staff.ADMIN};

    private final Vertx vertx;
    private final CaseViews views;
    private final Auth auth;

    public CasesApi(Vertx vertx, CaseViews views, Auth auth) {
        this.vertx = vertx;
        this.views = views;
        this.auth = auth;
    }

    public void mount(Router router) {
        // The body is read before the log-in check, which waits for the session store: a body not asked for at
        // once would be lost while it waits.
        router.route("/api/cases*").handler(io.vertx.ext.web.handler.BodyHandler.create().setBodyLimit(16 * 1024));
        router.route("/api/cases*").handler(auth.require(ROLES));
        router.get("/api/cases").handler(this::search);
        router.get("/api/cases/:id").handler(this::one);
        router.get("/api/cases/:id/history").handler(this::history);
        router.patch("/api/cases/:id").handler(this::update);
    }

    private void search(RoutingContext ctx) {
        CaseRegister r = registerOr503(ctx);
        if (r == null) {
            return;
        }
        CaseQuery query;
        try {
            query = query(ctx);
        } catch (IllegalArgumentException e) {
            badRequest(ctx, e.getMessage());
            return;
        }
        Staff me = Auth.staff(ctx);
        CaseQuery mine = views.scoped(me, query);
        vertx.executeBlocking(() -> views.identities().search(r, mine, me)).onSuccess(page -> {
            views.audit().searched(ctx, mine, page);
            ctx.json(new JsonObject().put("total", page.total()).put("page", page.page()).put("size", page.size())
                    .put("cases", new JsonArray(page.cases().stream().map(CaseViews::json).toList())));
        }).onFailure(ctx::fail);
    }

    private void one(RoutingContext ctx) {
        CaseRegister r = registerOr503(ctx);
        if (r == null) {
            return;
        }
        String id = ctx.pathParam("id");
        views.checked(r, id).onSuccess(checked -> {
            CaseAccess.Outcome seen = views.outcome(Auth.staff(ctx), checked);
            views.audit().read(ctx, id, seen);
            if (seen == CaseAccess.Outcome.SHOWN) {
                ctx.json(CaseViews.json(checked.found()).put("citizenDetails", CaseViews.citizen(checked.citizen())));
            } else {
                noSuchCase(ctx, id); // a case hidden from this member of staff does not exist for them
            }
        }).onFailure(ctx::fail);
    }

    /** The citizen's history for the screen pop ({@link CaseViews#history}); audited as a read of the case and a search. */
    private void history(RoutingContext ctx) {
        CaseRegister r = registerOr503(ctx);
        if (r == null) {
            return;
        }
        String id = ctx.pathParam("id");
        CaseViews.Reader me = reader(ctx);
        views.checked(r, id).onSuccess(checked -> {
            CaseAccess.Outcome seen = views.outcome(me.staff(), checked);
            views.audit().read(ctx, id, seen);
            if (seen != CaseAccess.Outcome.SHOWN) {
                noSuchCase(ctx, id);
                return;
            }
            views.history(r, checked.found(), me).onSuccess(ctx::json).onFailure(ctx::fail);
        }).onFailure(ctx::fail);
    }

    private static CaseViews.Reader reader(RoutingContext ctx) {
        return new CaseViews.Reader(Auth.staff(ctx), Auth.address(ctx));
    }

    private void update(RoutingContext ctx) {
        CaseRegister r = registerOr503(ctx);
        if (r == null) {
            return;
        }
        CaseChange.AgentNotes change;
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw new IllegalArgumentException("a JSON object is needed, e.g. {\"resolution\": \"resolved_first_contact\"}");
            }
            change = CaseViews.notes(body, Auth.staff(ctx).id());
        } catch (io.vertx.core.json.DecodeException e) {
            badRequest(ctx, "the body is not JSON: " + e.getMessage());
            return;
        } catch (IllegalArgumentException | ClassCastException e) {
            badRequest(ctx, e.getMessage());
            return;
        }
        String id = ctx.pathParam("id");
        views.note(r, id, change, reader(ctx)).onSuccess(done -> {
            switch (done.outcome()) {
                case NOT_FOUND -> noSuchCase(ctx, id);
                case ANONYMISED -> {
                    ctx.response().setStatusCode(409);
                    ctx.json(new JsonObject().put("error", "case " + id + " is anonymised: it takes no more changes"));
                }
                case CHANGED -> ctx.json(CaseViews.json(done.changed()));
            }
        }).onFailure(ctx::fail);
    }

    private static void noSuchCase(RoutingContext ctx, String id) {
        ctx.response().setStatusCode(404);
        ctx.json(new JsonObject().put("error", "no case " + id));
    }

    private static void badRequest(RoutingContext ctx, String why) {
        ctx.response().setStatusCode(400);
        ctx.json(new JsonObject().put("error", why));
    }

    /** The register, or null after answering 503 while it starts (the database and cluster come first). */
    private CaseRegister registerOr503(RoutingContext ctx) {
        CaseRegister r = views.register();
        if (r == null) {
            ctx.response().setStatusCode(503);
            ctx.json(new JsonObject().put("error", "the case register is starting"));
        }
        return r;
    }

    static CaseQuery query(RoutingContext ctx) {
        int page = QueryParams.integer(ctx, "page", 0, 0, 1_000_000);
        int size = QueryParams.integer(ctx, "size", 50, 1, CaseQuery.MAX_PAGE_SIZE);
        Case.Outcome outcome = null;
        String o = ctx.queryParams().get("outcome");
        if (o != null) {
            try {
                outcome = Case.Outcome.fromWire(o);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("outcome: one of open, answered, abandoned, transferred, callback, "
                        + "ended_in_ivr, closed, unknown; not '" + o + "'");
            }
        }
        return new CaseQuery(ctx.queryParams().get("number"), ctx.queryParams().get("citizen"), ctx.queryParams().get("service"),
                ctx.queryParams().get("department"), outcome, QueryParams.instant(ctx, "from"), QueryParams.instant(ctx, "to"), page, size);
    }
}
