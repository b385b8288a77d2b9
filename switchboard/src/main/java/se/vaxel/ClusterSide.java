package se.vaxel;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.auth.Auth;
import se.vaxel.cases.CaseRegister;
import se.vaxel.cluster.OwnerForward;
import se.vaxel.routing.AgentPresence;

/**
 * What a switchboard does differently as one node of a cluster that takes turns at the PBX (the lease on): it forwards
 * what stands on the PBX's live state to the owner, believes the caller's address its peers forward, fences the AMI
 * link with its turn, and follows its turns ({@link PbxTurns}) once its API listens.
 */
final class ClusterSide {

    private static final Logger log = LoggerFactory.getLogger(ClusterSide.class);
    /** What stands on the PBX's live state: the desks, the wallboards, the live views and an officer's call to a citizen. */
    static final List<String> OWNERS_ROUTES = List.of("/api/desk", "/api/wallboard", "/api/calls*", "/api/queues", "/api/agents",
            "/api/services", "/api/callbacks", "/api/matters/:id/call-back");

    private final VaxelConfig config;
    private volatile PbxTurns turns;
    private OwnerForward forward;

    ClusterSide(VaxelConfig config) {
        this.config = config;
    }

    /**
     * Mounted first on the router, so a node that does not own the PBX forwards those routes before anything else reads
     * the request; and the caller's address of what the other nodes forward here is the one they saw.
     */
    void mount(Vertx vertx, Router router, Auth auth, java.util.function.Supplier<CaseRegister> register) {
        io.vertx.core.http.HttpClientOptions options = OwnerForward.clientOptions();
        if (se.vaxel.http.Tls.serverOptions(config.settings()).isSsl()) {
            options.setSsl(true); // the other nodes serve TLS as this one does; their certificates must be trusted here
        }
        forward = new OwnerForward(vertx, config.cluster().bindAddress(), this::owner, options);
        OWNERS_ROUTES.forEach(path -> router.route(path).handler(forward));
        auth.trustForwardsFrom(peer -> {
            CaseRegister r = register.get();
            return r != null && r.hazelcast().getCluster().getMembers().stream()
                    .anyMatch(m -> m.getSocketAddress().getAddress().getHostAddress().equals(peer));
        });
    }

    /** Once the API listens: contends for the PBX; {@code switchboard} takes over and hands over on its context. */
    void start(Context context, CaseRegister register, int httpPort, PbxTurns.Switchboard switchboard) {
        // Its listener's registration reaches every member: off the event loop.
        context.owner().executeBlocking(() -> new PbxTurns(context, register, config.pbxId(), config.ownership(),
                advertised(httpPort), switchboard)).onComplete(r -> {
                    if (r.failed()) {
                        log.error("PBX {}: this node cannot contend for it: {}", config.pbxId(), r.cause().toString());
                        return;
                    }
                    turns = r.result();
                    turns.start();
                });
    }

    /** Whether turn {@code token} is still this node's. */
    boolean isTurn(long token) {
        PbxTurns t = turns;
        return t != null && t.isTurn(token);
    }

    /** The AMI link's fence: nothing reaches Asterisk before this node's turn, or after it. */
    boolean mayAct() {
        PbxTurns t = turns;
        return t != null && t.mayAct();
    }

    boolean owns() {
        return mayAct();
    }

    void agentChanged(AgentPresence p) {
        PbxTurns t = turns;
        if (t != null) {
            t.agentChanged(p);
        }
    }

    void routed() {
        PbxTurns t = turns;
        if (t != null) {
            t.routed();
        }
    }

    /** Stops forwarding (on the event loop). */
    void stopForwarding() {
        if (forward != null) {
            forward.close();
        }
    }

    /** Blocking: the lease released at once, so the next owner takes over in milliseconds, not a lease's time. */
    void close() {
        if (turns != null) {
            try {
                turns.close();
            } catch (RuntimeException e) {
                log.warn("PBX lease not released ({}); the next owner takes over when it expires", e.toString());
            }
        }
    }

    /** Where the PBX's owner is, for the forward. */
    private OwnerForward.Where owner() {
        PbxTurns t = turns;
        if (t == null) {
            return new OwnerForward.Nobody();
        }
        if (t.owns()) {
            return new OwnerForward.Here();
        }
        return t.ownerAddress().map(a -> {
            int colon = a.lastIndexOf(':');
            return (OwnerForward.Where) new OwnerForward.There(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1)));
        }).orElse(new OwnerForward.Nobody());
    }

    /** Where the other nodes reach this node's HTTP API: {@code VAXEL_HTTP_ADVERTISE}, else the cluster address. */
    private String advertised(int port) {
        String a = config.settings().get("VAXEL_HTTP_ADVERTISE");
        return a != null && !a.isBlank() ? a.trim() : config.cluster().bindAddress() + ":" + port;
    }
}
