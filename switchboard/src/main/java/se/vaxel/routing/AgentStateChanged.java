package se.vaxel.routing;

import java.time.Instant;

/**
 * Every change of an agent's state, with its time: the agent moved {@code from} one status {@code to}
 * another, for a reason (e.g. "missed call", "lunch", "wrap-up over") and, where there is one, a call.
 */
public record AgentStateChanged(String agentId, AgentStatus from, AgentStatus to, String reason, String callId, Instant at) {}
