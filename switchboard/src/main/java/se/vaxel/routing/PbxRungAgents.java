package se.vaxel.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Agents' phones rung by something other than Växel's routing: app_queue in observe mode, a fallback queue,
 * a citizen's call put through directly. Such a phone is not offered another call until that call is over,
 * and the agent's state follows what the PBX does with it (ringing, on call, wrap-up), so desks and metrics
 * read the same in both modes. A ringall queue rings several phones with one call: when one answers, the
 * others' offers are withdrawn. Misses are the PBX's business here (its own autopause), not counted.
 */
final class PbxRungAgents {

    private final Map<Agent, String> callOfAgent = new HashMap<>();

    /** This node no longer routes the PBX: the next owner finds these calls itself. */
    void clear() {
        callOfAgent.clear();
    }

    /** The call rings this agent's phone. */
    void ringing(Agent a, String callId, Instant at) {
        callOfAgent.put(a, callId);
        if (a.status() == AgentStatus.AVAILABLE) {
            a.offer(callId, at);
        }
    }

    /** The agent answered the call; returns the others it rang, now free of it. */
    List<Agent> answered(String callId, Agent a, Instant at) {
        callOfAgent.put(a, callId);
        if (a.status() == AgentStatus.AVAILABLE) {
            a.offer(callId, at); // answered with no ring seen (joined mid-call)
        }
        if (a.status() == AgentStatus.RINGING && callId.equals(a.callId())) {
            a.answered(at);
        }
        List<Agent> others = new ArrayList<>();
        for (Agent other : agentsOn(callId)) {
            if (other != a) {
                withdraw(other, callId, "answered by another agent", at);
                others.add(other);
            }
        }
        return others;
    }

    /** The agent's phone stopped ringing without an answer; returns whether the agent was rung by this call. */
    boolean notAnswered(String callId, Agent a, Instant at) {
        if (!callId.equals(callOfAgent.get(a))) {
            return false;
        }
        withdraw(a, callId, "not answered (PBX queue)", at);
        return true;
    }

    /** The call ended: its agents go to wrap-up (if they talked) or are free again; returns them. */
    List<Agent> ended(String callId, Duration wrapUp, Instant at) {
        List<Agent> freed = agentsOn(callId);
        for (Agent a : freed) {
            if (a.status() == AgentStatus.ON_CALL && callId.equals(a.callId())) {
                a.callEnded(wrapUp, at);
                callOfAgent.remove(a);
            } else {
                withdraw(a, callId, "call ended", at);
            }
        }
        return freed;
    }

    /** Found ringing or talking with the call at a resync. */
    void found(Agent a, String callId) {
        callOfAgent.put(a, callId);
    }

    boolean isBusy(Agent a) {
        return callOfAgent.containsKey(a);
    }

    boolean isPbxCall(String callId) {
        return callOfAgent.containsValue(callId);
    }

    /** Calls of PBX-rung agents, for a resync to drop those no longer live. */
    List<String> calls() {
        return List.copyOf(new java.util.HashSet<>(callOfAgent.values()));
    }

    private void withdraw(Agent a, String callId, String reason, Instant at) {
        callOfAgent.remove(a);
        if (a.status() == AgentStatus.RINGING && callId.equals(a.callId())) {
            a.offerWithdrawn(reason, at);
        }
    }

    private List<Agent> agentsOn(String callId) {
        List<Agent> out = new ArrayList<>();
        callOfAgent.forEach((a, c) -> {
            if (c.equals(callId)) {
                out.add(a);
            }
        });
        return out;
    }
}
