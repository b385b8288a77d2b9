package se.vaxel.routing;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Where an agent is in their working day, as the PBX's owner last knew it: what the next owner carries on from after
 * a takeover, so that an agent who was paused for lunch stays paused and a ready one stays ready, their turn kept
 * (idle since, calls today). Ringing and on-call are not carried as such: the next owner finds the call itself when it
 * resyncs from Asterisk.
 */
public record AgentPresence(String agentId, AgentStatus status, String pauseReason, Instant since, Instant idleSince,
        Instant wrapUpEnds, int callsToday) {

    public AgentPresence {
        if (agentId == null || status == null || since == null) {
            throw new IllegalArgumentException("an agent's presence needs an id, a status and a since");
        }
    }

    /** As kept in the cluster's map: small JSON, readable in Hazelcast's Management Center. */
    public String toJson() {
        return json().encode();
    }

    /** The same as an object, for a writer to add to (the owner's turn) before encoding it once. */
    public JsonObject json() {
        return new JsonObject().put("agent", agentId).put("status", status.name()).put("pause", pauseReason)
                .put("since", since.toString()).put("idleSince", idleSince == null ? null : idleSince.toString())
                .put("wrapUpEnds", wrapUpEnds == null ? null : wrapUpEnds.toString()).put("callsToday", callsToday);
    }

    /** Read back; IllegalArgumentException on anything that is not a presence (an entry from another version, say). */
    public static AgentPresence fromJson(String json) {
        try {
            JsonObject o = new JsonObject(json);
            return new AgentPresence(o.getString("agent"), AgentStatus.valueOf(o.getString("status")), o.getString("pause"),
                    Instant.parse(o.getString("since")), instant(o.getString("idleSince")), instant(o.getString("wrapUpEnds")),
                    o.getInteger("callsToday", 0));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an agent's presence: " + e.getMessage(), e);
        }
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
