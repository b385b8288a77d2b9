package se.vaxel.routing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code GET /api/agents} (who is in which state since when) and {@code GET /api/services} (the catalogue
 * with each service's queue, staffing and estimated wait). Runs on the distributor's event loop.
 */
public final class RoutingApi {

    private final ContactCentre centre;
    private final CallDistributor distributor;
    private final Clock clock;

    public RoutingApi(ContactCentre centre, CallDistributor distributor, Clock clock) {
        this.centre = centre;
        this.distributor = distributor;
        this.clock = clock;
    }

    public void mount(Router router) {
        router.get("/api/agents").handler(this::agents);
        router.get("/api/services").handler(this::services);
    }

    private void agents(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (AgentProfile p : centre.agents()) {
            Agent a = distributor.agents().get(p.id());
            out.add(new JsonObject()
                    .put("id", p.id())
                    .put("name", p.name())
                    .put("device", p.device())
                    .put("skills", new JsonObject(new java.util.HashMap<>(p.skills())))
                    .put("state", a.status().wireName())
                    .put("since", a.since().toString())
                    .put("pauseReason", a.pauseReason())
                    .put("callId", a.callId())
                    .put("callsToday", a.callsToday()));
        }
        ctx.json(new JsonObject().put("agents", out));
    }

    private void services(RoutingContext ctx) {
        Instant now = clock.instant();
        JsonArray out = new JsonArray();
        for (Service s : centre.services()) {
            var ewt = distributor.estimatedWait(s.id());
            out.add(new JsonObject()
                    .put("id", s.id())
                    .put("name", s.name())
                    .put("ivrDigit", String.valueOf(s.ivrDigit()))
                    .put("openNow", s.hours().isOpen(now))
                    .put("waitingForVaxel", distributor.engine().waitingCount(s.id()))
                    .put("staffed", distributor.staffed(s.id()))
                    .put("averageHandleSeconds", distributor.averageHandleSeconds(s.id()))
                    .put("estimatedWaitSeconds", ewt.map(d -> d.toMillis() / 1000.0).orElse(null))
                    .put("serviceLevelTarget", new JsonObject().put("share", s.target().share())
                            .put("withinSeconds", s.target().within().toSeconds())));
        }
        ctx.json(new JsonObject().put("services", out));
    }
}
