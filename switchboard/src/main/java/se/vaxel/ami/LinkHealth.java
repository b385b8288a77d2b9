package se.vaxel.ami;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.IntSupplier;

/**
 * {@code GET /health}: 200 while the AMI link is up and resynced, or stands by for another node that owns the PBX,
 * else 503, with the link's state and why it is
 * down (the secret never appears). Open, for load balancers and monitors; it names no one.
 */
public final class LinkHealth {

    private LinkHealth() {
    }

    public static void mount(Router router, AmiLink link, AmiClientConfig ami, IntSupplier liveCalls) {
        router.get("/health").handler(ctx -> {
            // Standing by (another node of the cluster owns the PBX) is healthy: this node serves, and forwards to it.
            boolean fine = link.isUp() || link.standingBy();
            ctx.response().setStatusCode(fine ? 200 : 503);
            ctx.json(new JsonObject()
                    .put("status", link.isUp() ? "up" : link.standingBy() ? "standby" : "down")
                    .put("ami", new JsonObject()
                            .put("up", link.isUp())
                            .put("state", state(link))
                            .put("host", ami.host())
                            .put("port", ami.port())
                            .put("since", link.since().toString())
                            .put("lastError", link.lastError())
                            .put("eventsReceived", link.eventsReceived())
                            .put("resyncs", link.resyncs()))
                    .put("liveCalls", liveCalls.getAsInt()));
        });
    }

    private static String state(AmiLink link) {
        AmiClient.State s = link.client().state();
        return s == AmiClient.State.UP && !link.isUp() ? "resyncing" : s.name().toLowerCase();
    }
}
