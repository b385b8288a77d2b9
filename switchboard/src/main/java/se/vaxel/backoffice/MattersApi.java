package se.vaxel.backoffice;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.Comparator;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The back office over HTTP. Every route needs a logged-in staff member ({@code guard}), whom
 * {@code asker} names:
 * <ul>
 * <li>{@code GET /api/back-office}: the departments and their handling officers (for the transfer form);
 * <li>{@code POST /api/matters} {@code {caseId, department, summary}}: an agent transfers a case (201);
 * <li>{@code GET /api/matters?department=&status=&officer=&citizen=&number=&overdue=true&page=&size=}: the
 * asker's departments' matters, most urgent first; {@code GET /api/matters/{id}} with its timeline;
 * <li>{@code POST /api/matters/{id}/claim} ({@code {"takeOver": true}} for a supervisor), {@code /release},
 * {@code /call-back}, {@code /close} {@code {feedback}}.
 * </ul>
 * A refusal answers its status with {@code {"error": "..."}}.
 */
public final class MattersApi {

    private final Vertx vertx;
    private final Clock clock;
    private final Supplier<MatterHandling> handling;
    private final Function<RoutingContext, MatterHandling.Asker> asker;

    public MattersApi(Vertx vertx, Clock clock, Supplier<MatterHandling> handling, Function<RoutingContext, MatterHandling.Asker> asker) {
        this.vertx = vertx;
        this.clock = clock;
        this.handling = handling;
        this.asker = asker;
    }

    /**
     * @param staff    lets through any logged-in staff member who may use the back office
     * @param transfer lets through those who may transfer a case (agents, supervisors)
     */
    public void mount(Router router, Handler<RoutingContext> staff, Handler<RoutingContext> transfer) {
        // The body is read before the log-in is checked, as Vert.x wants it (bounded, so a stranger's costs little).
        BodyHandler body = BodyHandler.create().setBodyLimit(32 * 1024);
        router.get("/api/back-office").handler(staff).handler(this::office);
        router.post("/api/matters").handler(body).handler(transfer).handler(this::transfer);
        router.get("/api/matters").handler(staff).handler(this::search);
        router.get("/api/matters/:id").handler(staff).handler(ctx -> answer(ctx, 200,
                with(ctx, h -> h.get(ctx.pathParam("id"), asker.apply(ctx)))));
        router.post("/api/matters/:id/claim").handler(body).handler(staff).handler(ctx -> answer(ctx, 200,
                with(ctx, h -> h.claim(ctx.pathParam("id"), asker.apply(ctx), takeOver(object(ctx))))));
        router.post("/api/matters/:id/release").handler(body).handler(staff).handler(ctx -> answer(ctx, 200,
                with(ctx, h -> h.release(ctx.pathParam("id"), asker.apply(ctx)))));
        router.post("/api/matters/:id/call-back").handler(body).handler(staff).handler(ctx -> answer(ctx, 202,
                with(ctx, h -> h.callBack(ctx.pathParam("id"), asker.apply(ctx)))));
        router.post("/api/matters/:id/close").handler(body).handler(staff).handler(ctx -> answer(ctx, 200,
                with(ctx, h -> h.close(ctx.pathParam("id"), text(object(ctx), "feedback"), asker.apply(ctx)))));
    }

    private void office(RoutingContext ctx) {
        MatterHandling h = handling(ctx);
        if (h == null) {
            return;
        }
        BackOffice office = h.office();
        JsonArray departments = new JsonArray();
        office.departments().values().stream().sorted(Comparator.comparing(Department::id)).forEach(d -> departments.add(
                new JsonObject().put("id", d.id()).put("name", d.name()).put("feedbackWorkingDays", d.feedbackWorkingDays())
                        .put("officers", new JsonArray(office.officers().values().stream().filter(o -> o.worksIn(d.id()))
                                .map(HandlingOfficer::id).sorted().toList()))));
        ctx.json(new JsonObject().put("departments", departments));
    }

    private void transfer(RoutingContext ctx) {
        answer(ctx, 201, with(ctx, h -> {
            JsonObject b = object(ctx);
            return h.transfer(text(b, "caseId"), text(b, "department"), text(b, "summary"), asker.apply(ctx));
        }));
    }

    private void search(RoutingContext ctx) {
        MatterHandling h = handling(ctx);
        if (h == null) {
            return;
        }
        MatterHandling.Asker who = asker.apply(ctx);
        MatterQuery query;
        try {
            query = query(ctx, who, h.departmentsOf(who));
        } catch (BackOfficeRefusal e) {
            refuse(ctx, e);
            return;
        }
        vertx.executeBlocking(() -> h.search(query)).onSuccess(page -> ctx.json(new JsonObject()
                .put("total", page.total()).put("page", page.page()).put("size", page.size())
                .put("matters", new JsonArray(page.matters().stream().map(m -> MattersJson.matter(m, clock.instant())).toList()))))
                .onFailure(ctx::fail);
    }

    MatterQuery query(RoutingContext ctx, MatterHandling.Asker who, Set<String> mine) {
        String department = ctx.queryParams().get("department");
        Set<String> departments = mine;
        if (department != null) {
            if (!mine.contains(department)) {
                throw new BackOfficeRefusal(403, "department '" + department + "' is not one of yours");
            }
            departments = Set.of(department);
        }
        if (departments.isEmpty()) {
            throw new BackOfficeRefusal(403, "you belong to no department of the back office");
        }
        Matter.Status status = null;
        String s = ctx.queryParams().get("status");
        if (s != null) {
            try {
                status = Matter.Status.fromWire(s);
            } catch (IllegalArgumentException e) {
                throw new BackOfficeRefusal(400, "status: one of open, claimed, closed; not '" + s + "'");
            }
        }
        String overdue = ctx.queryParams().get("overdue");
        if (overdue != null && !overdue.equals("true") && !overdue.equals("false")) {
            throw new BackOfficeRefusal(400, "overdue: true or false, not '" + overdue + "'");
        }
        return new MatterQuery(departments, status, ctx.queryParams().get("officer"), ctx.queryParams().get("citizen"),
                ctx.queryParams().get("number"), "true".equals(overdue) ? clock.instant() : null, who.mayKnowProtected(),
                whole(ctx, "page", 0, 0, 1_000_000), whole(ctx, "size", 50, 1, MatterQuery.MAX_PAGE_SIZE));
    }

    private static int whole(RoutingContext ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParams().get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BackOfficeRefusal(400, name + ": a whole number " + min + "-" + max + ", not '" + v + "'");
    }

    /** Runs a step with the back office, turning a refusal thrown before any future into a failed one. */
    private Future<Matter> with(RoutingContext ctx, Function<MatterHandling, Future<Matter>> step) {
        MatterHandling h = handling.get();
        if (h == null) {
            return Future.failedFuture(new BackOfficeRefusal(503, "the back office is starting"));
        }
        try {
            return step.apply(h);
        } catch (BackOfficeRefusal e) {
            return Future.failedFuture(e);
        }
    }

    private void answer(RoutingContext ctx, int status, Future<Matter> result) {
        result.onSuccess(m -> {
            ctx.response().setStatusCode(status);
            ctx.json(MattersJson.withTimeline(m, clock.instant()));
        }).onFailure(e -> {
            if (e instanceof BackOfficeRefusal r) {
                refuse(ctx, r);
            } else {
                ctx.fail(e);
            }
        });
    }

    private static void refuse(RoutingContext ctx, BackOfficeRefusal r) {
        ctx.response().setStatusCode(r.status());
        ctx.json(new JsonObject().put("error", r.getMessage()));
    }

    private MatterHandling handling(RoutingContext ctx) {
        MatterHandling h = handling.get();
        if (h == null) {
            refuse(ctx, new BackOfficeRefusal(503, "the back office is starting"));
        }
        return h;
    }

    private static JsonObject object(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            return body == null ? new JsonObject() : body;
        } catch (DecodeException e) {
            throw new BackOfficeRefusal(400, "the body is not JSON: " + e.getMessage());
        }
    }

    private static boolean takeOver(JsonObject body) {
        Object v = body.getValue("takeOver");
        if (v != null && !(v instanceof Boolean)) {
            throw new BackOfficeRefusal(400, "takeOver: true or false");
        }
        return Boolean.TRUE.equals(v);
    }

    private static String text(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw new BackOfficeRefusal(400, field + ": must be text");
        }
        return (String) v;
    }
}
