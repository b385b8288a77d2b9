package se.vaxel.desks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.auth.Staff;
import se.vaxel.calls.CallEvent;
import se.vaxel.calls.CallView;
import se.vaxel.calls.LiveCalls;
import se.vaxel.cases.CaseRegister;
import se.vaxel.cases.CaseViews;
import se.vaxel.routing.AgentStateChanged;
import se.vaxel.routing.AgentStatus;
import se.vaxel.routing.ContactCentre;

/**
 * The screen pop: the moment an agent's state turns ringing (routing offered them a call, or the PBX's own queue
 * rang their phone), the agent's desks get {@code pop} with what is known of the call and the citizen, then
 * {@code callUpdate} as the call is answered, transferred, ended or withdrawn. One pop at a time per agent (an
 * agent rings with one call at most); it stays "in progress" until the call leaves the agent, so a desk that
 * comes back gets it again.
 *
 * <p>Built only for agents with a desk session (a simulated or absent agent costs nothing): the live state gives
 * the number, service and wait at once; the case and the citizen come from the register and the directory, and
 * the history from a search, off the event loop, the last two side by side. A call that leaves the agent before
 * its pop is built is never shown; updates that come while it is built wait for it, so they arrive in order.
 * Owned by the switchboard's event loop.
 */
final class ScreenPops {

    private static final Logger log = LoggerFactory.getLogger(ScreenPops.class);

    /** One call ringing or talking at one agent, and what their desks have been told of it. */
    private static final class Pop {
        final String agentId;
        final String callId;
        final Instant ringingSince;
        String state = "ringing";
        Future<JsonObject> built;
        boolean sent;
        final List<JsonObject> held = new ArrayList<>(2);

        Pop(String agentId, String callId, Instant ringingSince) {
            this.agentId = agentId;
            this.callId = callId;
            this.ringingSince = ringingSince;
        }
    }

    private final Desks desks;
    private final LiveCalls live;
    private final ContactCentre centre;
    private final CaseViews cases;
    private final Function<String, Optional<Staff>> staff;
    private final Function<String, String> addressOf;
    private final Map<String, Pop> byAgent = new HashMap<>();

    /**
     * @param staff     the member of staff of an agent id, as the users file says now (the staff id is the agent id)
     * @param addressOf where an agent's desk connects from, for the audit log of the pop's case reads
     */
    ScreenPops(Desks desks, LiveCalls live, ContactCentre centre, CaseViews cases, Function<String, Optional<Staff>> staff,
            Function<String, String> addressOf) {
        this.desks = desks;
        this.live = live;
        this.centre = centre;
        this.cases = cases;
        this.staff = staff;
        this.addressOf = addressOf;
    }

    void on(AgentStateChanged c) {
        if (c.to() == AgentStatus.RINGING) {
            Pop p = new Pop(c.agentId(), c.callId(), c.at());
            byAgent.put(c.agentId(), p);
            if (desks.has(c.agentId())) {
                build(p).onSuccess(pop -> deliver(p));
            }
            return;
        }
        Pop p = byAgent.get(c.agentId());
        if (p == null) {
            return;
        }
        if (c.from() == AgentStatus.RINGING && c.to() == AgentStatus.ON_CALL) {
            p.state = "answered";
            tell(p, "answered", c.at(), false);
        } else if (c.from() == AgentStatus.RINGING) {
            tell(p, "withdrawn", c.at(), true);
        } else if (c.from() == AgentStatus.ON_CALL) {
            tell(p, "ended", c.at(), true);
        }
    }

    /** A call transferred away from the agent whose pop it is: that pop is over. */
    void on(CallEvent.Transferred e) {
        for (Pop p : List.copyOf(byAgent.values())) {
            if (p.callId.equals(e.callId())) {
                tell(p, "transferred", e.at(), true);
            }
        }
    }

    /** The agent's pop in progress, built if it was not yet (a desk connecting mid-call), with its state; none: null. */
    Future<JsonObject> inProgress(String agentId) {
        Pop p = byAgent.get(agentId);
        if (p == null) {
            return Future.succeededFuture(null);
        }
        return build(p).map(pop -> {
            if (byAgent.get(agentId) != p) {
                return null;
            }
            deliver(p); // to the agent's other desks too, if it was built only now
            return pop.copy().put("state", p.state);
        });
    }

    private void tell(Pop p, String state, Instant at, boolean over) {
        JsonObject update = DeskMessages.callUpdate(p.callId, state, at);
        if (over) {
            byAgent.remove(p.agentId, p);
        }
        if (p.sent) {
            desks.toStaff(p.agentId, update);
        } else if (!over) {
            p.held.add(update); // shown after the pop, once built
        }
    }

    /** The pop is built: to the agent's desks, unless its call has left the agent meanwhile; then what waited for it. */
    private void deliver(Pop p) {
        if (byAgent.get(p.agentId) != p || p.sent) {
            return;
        }
        p.sent = true;
        desks.toStaff(p.agentId, p.built.result());
        p.held.forEach(u -> desks.toStaff(p.agentId, u));
        p.held.clear();
    }

    private Future<JsonObject> build(Pop p) {
        if (p.built == null) {
            p.built = compose(p).onFailure(e -> log.warn("Screen pop of call {} for {} not built: {}", p.callId, p.agentId, e.toString()));
        }
        return p.built;
    }

    /** The contact centre's name of a service (agents may not read /api/services); its id when it has none. */
    private String serviceName(String id) {
        return centre.service(id).map(s -> s.name()).orElse(id);
    }

    /** Each earlier case of a history with {@code serviceName} beside its service's id, as the desk shows it. */
    private JsonObject withServiceNames(JsonObject history) {
        JsonArray earlier = history.getJsonArray("earlierCases");
        if (earlier != null) {
            earlier.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
                    .forEach(c -> c.put("serviceName", c.getString("service") == null ? null : serviceName(c.getString("service"))));
        }
        return history;
    }

    private Future<JsonObject> compose(Pop p) {
        Optional<CallView> call = live.find(p.callId);
        Duration waited = live.waited(p.callId, p.ringingSince);
        String service = call.map(CallView::service).orElse(null);
        JsonObject pop = new JsonObject().put("type", "pop").put("callId", p.callId)
                .put("callerNumber", call.map(CallView::callerNumber).orElse(null))
                .put("service", service == null ? null : new JsonObject().put("id", service).put("name", serviceName(service)))
                .put("waitedSeconds", waited == null ? null : waited.toMillis() / 1000.0)
                .put("ringingSince", p.ringingSince.toString())
                .put("case", null).put("citizen", null)
                .put("history", new JsonObject().put("earlierCases", new JsonArray()).put("earlierTotal", 0).put("openMatters", new JsonArray()));
        Optional<Staff> agent = staff.apply(p.agentId);
        CaseRegister r = cases.register();
        if (agent.isEmpty() || r == null) {
            return Future.succeededFuture(pop); // no register yet: what the live state knows
        }
        CaseViews.Reader who = new CaseViews.Reader(agent.get(), addressOf.apply(p.agentId));
        return cases.ringing(r, p.callId, who).compose(checked -> {
            if (checked == null) {
                return Future.succeededFuture(pop);
            }
            pop.put("case", CaseViews.json(checked.found())).put("citizen", CaseViews.citizen(checked.citizen()));
            if (pop.getString("callerNumber") == null) {
                pop.put("callerNumber", checked.found().callerNumber());
            }
            return cases.history(r, checked.found(), who).map(h -> {
                h.remove("caseId");
                return pop.put("history", withServiceNames(h));
            });
        });
    }
}
