package se.vaxel.calls;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code GET /api/calls}, {@code GET /api/calls/finished} and {@code GET /api/queues}: the live state in
 * JSON. Its routes run on the live state's own event loop, so they read it without locks or copies in flight.
 */
public final class CallsApi {

    private final LiveCalls live;
    private final Clock clock;

    public CallsApi(LiveCalls live, Clock clock) {
        this.live = live;
        this.clock = clock;
    }

    public void mount(Router router) {
        router.get("/api/calls").handler(this::calls);
        router.get("/api/calls/finished").handler(this::finished);
        router.get("/api/queues").handler(this::queues);
    }

    private void calls(RoutingContext ctx) {
        Instant now = clock.instant();
        JsonArray out = new JsonArray();
        for (CallView c : live.calls()) {
            out.add(new JsonObject()
                    .put("id", c.id())
                    .put("callerNumber", c.callerNumber())
                    .put("service", c.service())
                    .put("state", c.state().wireName())
                    .put("arrivedAt", c.arrivedAt().toString())
                    .put("since", c.since().toString())
                    .put("secondsInState", seconds(c.since(), now))
                    .put("agent", c.agent()));
        }
        ctx.json(new JsonObject().put("calls", out).put("count", out.size()));
    }

    private void finished(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (FinishedCall c : live.recentlyFinished()) {
            out.add(new JsonObject()
                    .put("id", c.id())
                    .put("callerNumber", c.callerNumber())
                    .put("service", c.service())
                    .put("outcome", c.outcome().wireName())
                    .put("agent", c.agent())
                    .put("offeredTo", new JsonArray(c.offeredTo()))
                    .put("arrivedAt", c.arrivedAt().toString())
                    .put("answeredAt", c.answeredAt() == null ? null : c.answeredAt().toString())
                    .put("endedAt", c.endedAt().toString())
                    .put("waitSeconds", c.waited() == null ? null : c.waited().toMillis() / 1000.0)
                    .put("talkSeconds", c.talked().toMillis() / 1000.0));
        }
        ctx.json(new JsonObject().put("calls", out).put("count", out.size()));
    }

    private void queues(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (QueueView q : live.queues(clock.instant())) {
            out.add(new JsonObject()
                    .put("service", q.service())
                    .put("waiting", q.waiting())
                    .put("ringing", q.ringing())
                    .put("talking", q.talking())
                    .put("longestWaitSeconds", q.longestWait().toMillis() / 1000.0));
        }
        ctx.json(new JsonObject().put("queues", out));
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, java.time.Duration.between(from, to).toMillis()) / 1000.0;
    }
}
