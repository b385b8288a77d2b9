package se.vaxel.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import se.vaxel.calls.MemberEvent;

/**
 * The agents and who of them is free: each agent's state machine, and the routing engine's view of the free
 * ones kept in step with it. An agent is free when available, not resting after a busy phone, and not held
 * by a call the PBX put through itself ({@link PbxRungAgents}). Moves from the desk and from the PBX's queues
 * (observe mode's log-in and pauses) come in here; the distributor decides who gets whom.
 */
final class AgentRoster {

    /** How long an agent whose phone was busy or unreachable is left out before being offered again. */
    static final Duration PHONE_REST = Duration.ofSeconds(30);

    private final RoutingEngine engine;
    private final Clock clock;
    private final Map<String, Agent> byId = new HashMap<>();
    private final Map<String, Agent> byDevice = new HashMap<>();
    private final Map<String, Instant> restingUntil = new HashMap<>();
    private final PbxRungAgents pbxRung = new PbxRungAgents();
    /** The queues each agent's phone joined as a dynamic member (logged in at the PBX). */
    private final Map<Agent, Set<String>> pbxQueues = new HashMap<>();
    private final List<Consumer<AgentStateChanged>> listeners = new CopyOnWriteArrayList<>();

    AgentRoster(ContactCentre centre, RoutingSettings settings, RoutingEngine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
        Instant now = clock.instant();
        Consumer<AgentStateChanged> fanOut = change -> listeners.forEach(l -> l.accept(change));
        for (AgentProfile p : centre.agents()) {
            Agent a = new Agent(p, settings.missesBeforePause(), now, fanOut);
            byId.put(p.id(), a);
            byDevice.put(p.device(), a);
        }
    }

    void onChange(Consumer<AgentStateChanged> listener) {
        listeners.add(listener);
    }

    Map<String, Agent> all() {
        return byId;
    }

    /** The agent, or IllegalArgumentException for an id the contact-centre file does not have. */
    Agent get(String agentId) {
        Agent a = byId.get(agentId);
        if (a == null) {
            throw new IllegalArgumentException("no agent '" + agentId + "' in the contact-centre file");
        }
        return a;
    }

    /** The agent whose phone this is, or null (a phone Växel does not route to). */
    Agent byDevice(String device) {
        return device == null ? null : byDevice.get(device);
    }

    void logInAll() {
        Instant now = clock.instant();
        byId.values().forEach(a -> {
            a.logIn(now);
            free(a);
        });
    }

    /** Routing may offer this agent a call again, if the agent is available and nothing holds the phone. */
    void free(Agent a) {
        Instant rest = restingUntil.get(a.profile().id());
        if (rest != null && clock.instant().isBefore(rest)) {
            return;
        }
        restingUntil.remove(a.profile().id());
        if (a.status() == AgentStatus.AVAILABLE && !pbxRung.isBusy(a)) {
            engine.agentAvailable(a.asAvailable());
        }
    }

    void busy(Agent a) {
        engine.agentBusy(a.profile().id());
    }

    /** The agent's phone did not take an offered call: the agent's miss, or (busy, unreachable) a rest. */
    void notTaken(Agent a, boolean phoneNotReachable, String reason, Instant now) {
        if (phoneNotReachable) {
            // Busy with another call or unreachable: not the agent's miss, but not offered again at once.
            a.offerWithdrawn("phone " + reason.toLowerCase(java.util.Locale.ROOT), now);
            restingUntil.put(a.profile().id(), now.plus(PHONE_REST));
        } else {
            a.missed(now);
            free(a);
        }
    }

    /**
     * Available agents whose phone is busy with a call routing does not know of (found at a resync: a callback or a
     * call of their own, say) are not offered a citizen until a phone's rest has passed.
     */
    void restBusy(Set<String> busyDevices, Instant now) {
        for (Agent a : byId.values()) {
            if (a.status() == AgentStatus.AVAILABLE && busyDevices.contains(a.profile().device()) && !pbxRung.isBusy(a)) {
                restingUntil.put(a.profile().id(), now.plus(PHONE_REST));
                busy(a);
            }
        }
    }

    /** This node no longer routes the PBX: every agent out of its picture, nobody free, nothing held. */
    void handOver(Instant now) {
        pbxRung.clear();
        pbxQueues.clear();
        restingUntil.clear();
        for (Agent a : byId.values()) {
            busy(a);
            a.handOver(now);
        }
    }

    /** Each agent as the PBX's previous owner left them; agents it did not know of stay logged out. */
    void carryOver(java.util.Collection<AgentPresence> presences, Instant now) {
        for (AgentPresence p : presences) {
            Agent a = byId.get(p.agentId());
            if (a != null && a.status() == AgentStatus.LOGGED_OUT) {
                a.carryOver(p, now);
                free(a);
            }
        }
    }

    /** Ends wrap-ups whose time is up and rests that are over. */
    void tick(Instant now) {
        for (Agent a : byId.values()) {
            if (a.status() == AgentStatus.WRAP_UP && !now.isBefore(a.wrapUpEnds())) {
                a.endWrapUp(now);
                free(a);
            }
        }
        for (String id : Set.copyOf(restingUntil.keySet())) {
            if (!now.isBefore(restingUntil.get(id))) {
                free(byId.get(id));
            }
        }
    }

    /** Agents logged in and not paused who have the skill: those who will serve its queue. */
    int staffed(String skill) {
        int n = 0;
        for (Agent a : byId.values()) {
            AgentStatus st = a.status();
            if (st != AgentStatus.LOGGED_OUT && st != AgentStatus.PAUSED && a.profile().skills().containsKey(skill)) {
                n++;
            }
        }
        return n;
    }

    // --- calls the PBX put through itself (app_queue, a fallback queue, a direct call)

    void pbxRinging(String callId, Agent a, Instant now) {
        pbxRung.ringing(a, callId, now);
        busy(a);
    }

    void pbxNotAnswered(String callId, Agent a, Instant now) {
        if (pbxRung.notAnswered(callId, a, now)) {
            free(a);
        }
    }

    void pbxAnswered(String callId, Agent a, Instant now) {
        busy(a);
        pbxRung.answered(callId, a, now).forEach(this::free);
    }

    void pbxEnded(String callId, Duration wrapUp, Instant now) {
        pbxRung.ended(callId, wrapUp, now).forEach(this::free);
    }

    /** Found ringing or talking with a call at a resync: that phone is busy until the call ends. */
    void pbxFound(String callId, Agent a) {
        pbxRung.found(a, callId);
        busy(a);
    }

    Collection<String> pbxCalls() {
        return pbxRung.calls();
    }

    /**
     * What the PBX's queues say of an agent's phone: a dynamic member logged in (joined) or out (left its
     * last queue), and pauses set at the PBX (a feature code, a supervisor, app_queue's autopause). A
     * static member is configuration, not a log-in; an unpause is only taken from an explicit event, so a
     * resync cannot undo a pause Växel made.
     */
    void on(MemberEvent event) {
        Agent a = byDevice(event.device());
        if (a == null) {
            return;
        }
        Instant now = event.at();
        if (event instanceof MemberEvent.Joined j) {
            if (j.dynamic()) {
                pbxQueues.computeIfAbsent(a, k -> new HashSet<>()).add(j.queue());
                if (a.status() == AgentStatus.LOGGED_OUT) {
                    a.logIn(now);
                }
            }
            if (j.paused()) {
                pausedAtPbx(a, j.reason(), now);
            }
        } else if (event instanceof MemberEvent.Left l) {
            Set<String> queues = pbxQueues.get(a);
            if (queues != null && queues.remove(l.queue()) && queues.isEmpty()) {
                pbxQueues.remove(a);
                if (a.status() != AgentStatus.RINGING && a.status() != AgentStatus.ON_CALL) {
                    a.logOut(now);
                    busy(a);
                }
            }
        } else if (event instanceof MemberEvent.Paused p) {
            if (p.paused()) {
                pausedAtPbx(a, p.reason(), now);
            } else if (a.status() == AgentStatus.PAUSED) {
                a.resume(now);
            }
        }
        free(a);
    }

    private void pausedAtPbx(Agent a, String reason, Instant now) {
        AgentStatus st = a.status();
        if (st == AgentStatus.AVAILABLE || st == AgentStatus.WRAP_UP) {
            a.pause(reason == null || reason.isBlank() ? "paused at the phone" : reason, now);
            busy(a);
        }
    }
}
