package se.vaxel.desks;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import se.vaxel.auth.Staff;
import se.vaxel.routing.Agent;
import se.vaxel.routing.AgentStateChanged;

/**
 * The desk protocol's messages (PROTOCOL.md beside this class): what a desk sends, parsed and validated into a
 * {@link DeskCommand}, and what the switchboard sends, built here so every message of a type has the same fields.
 * A bad message is a {@link BadMessage} saying what was wrong, for an {@code error} that keeps the connection.
 */
final class DeskMessages {

    /** Longest desk message id, pause reason (PROTOCOL.md). */
    static final int MAX_ID = 64;
    static final int MAX_REASON = 64;
    /** Most command ids a hello may name as pending: a desk waits for a few at most. */
    static final int MAX_PENDING = 64;
    /** Longest text frame read: a case's notes and a matter's summary fit with room to spare. */
    static final int MAX_FRAME = 64 * 1024;

    /** Why a desk's message was not taken; {@code ref} is its id when that could be read. */
    static final class BadMessage extends Exception {
        final String ref;

        BadMessage(String ref, String message) {
            super(message, null, false, false);
            this.ref = ref;
        }
    }

    private DeskMessages() {}

    static DeskCommand parse(String text) throws BadMessage {
        JsonObject m;
        try {
            Object v = io.vertx.core.json.Json.decodeValue(text);
            if (!(v instanceof JsonObject o)) {
                throw new BadMessage(null, "a message is one JSON object with a type");
            }
            m = o;
        } catch (DecodeException e) {
            throw new BadMessage(null, "not JSON: " + e.getMessage());
        }
        String ref = m.getValue("id") instanceof String s && s.length() <= MAX_ID ? s : null;
        String type = text(m, "type", ref, true, 32);
        String id = text(m, "id", ref, true, MAX_ID);
        return switch (type) {
            case "hello" -> new DeskCommand.Hello(id, text(m, "token", ref, true, 256), resume(m, ref), pending(m, ref));
            case "available" -> new DeskCommand.Available(id);
            case "pause" -> new DeskCommand.Pause(id, text(m, "reason", ref, true, MAX_REASON));
            case "logout" -> new DeskCommand.Logout(id);
            case "endWrapUp" -> new DeskCommand.EndWrapUp(id);
            case "updateCase" -> new DeskCommand.UpdateCase(id, text(m, "caseId", ref, true, 64), text(m, "category", ref, false, 200),
                    text(m, "notes", ref, false, 16_000), text(m, "resolution", ref, false, 64));
            case "transfer" -> new DeskCommand.Transfer(id, text(m, "caseId", ref, true, 64), text(m, "department", ref, true, 64),
                    text(m, "summary", ref, true, 16_000));
            case "ping" -> new DeskCommand.Ping(id);
            default -> throw new BadMessage(ref, "type: unknown '" + cut(type) + "'; one of hello, available, pause, logout, "
                    + "endWrapUp, updateCase, transfer, ping");
        };
    }

    private static String text(JsonObject m, String field, String ref, boolean required, int max) throws BadMessage {
        Object v = m.getValue(field);
        if (v == null) {
            if (required) {
                throw new BadMessage(ref, field + ": missing");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw new BadMessage(ref, field + ": must be text");
        }
        if (required && s.isBlank()) {
            throw new BadMessage(ref, field + ": must not be empty");
        }
        if (s.length() > max) {
            throw new BadMessage(ref, field + ": at most " + max + " characters");
        }
        return s;
    }

    private static Long resume(JsonObject m, String ref) throws BadMessage {
        Object v = m.getValue("resume");
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 0) {
            throw new BadMessage(ref, "resume: the last seq seen, a whole number of 0 or more");
        }
        return n.longValue();
    }

    private static List<String> pending(JsonObject m, String ref) throws BadMessage {
        Object v = m.getValue("pending");
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray a) || a.size() > MAX_PENDING) {
            throw new BadMessage(ref, "pending: a list of at most " + MAX_PENDING + " command ids");
        }
        List<String> ids = new ArrayList<>();
        for (Object id : a) {
            if (!(id instanceof String s) || s.isEmpty() || s.length() > MAX_ID) {
                throw new BadMessage(ref, "pending: command ids, each text of 1 to " + MAX_ID + " characters");
            }
            ids.add(s);
        }
        return ids;
    }

    private static String cut(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "...";
    }

    // --- from the switchboard

    static JsonObject ok(String ref) {
        return new JsonObject().put("type", "ok").put("ref", ref);
    }

    /** {@code code}: bad_message, unauthenticated, forbidden, not_found, conflict, unavailable. */
    static JsonObject error(String ref, String code, String message) {
        JsonObject e = new JsonObject().put("type", "error");
        if (ref != null) {
            e.put("ref", ref);
        }
        return e.put("code", code).put("message", message);
    }

    /**
     * The welcome: who the desk is, the agent's state now (null: no agent of the contact centre), the pop in
     * progress (null: none), and whether what was missed came before it.
     */
    static JsonObject welcome(Staff staff, Agent agent, JsonObject pop, boolean resumed) {
        return new JsonObject().put("type", "welcome")
                .put("user", new JsonObject().put("id", staff.id()).put("name", staff.name())
                        .put("roles", staff.json().getJsonArray("roles")).put("departments", staff.json().getJsonArray("departments")))
                .put("agent", agent(agent))
                .put("pops", pop == null ? new JsonArray() : new JsonArray().add(pop))
                .put("resumed", resumed);
    }

    /** The agent's state as it is now (the welcome's {@code agent}). */
    static JsonObject agent(Agent a) {
        if (a == null) {
            return null;
        }
        return new JsonObject().put("id", a.profile().id()).put("state", a.status().wireName()).put("since", a.since().toString())
                .put("reason", a.pauseReason()).put("callId", a.callId());
    }

    static JsonObject agentState(AgentStateChanged c, Agent a) {
        return new JsonObject().put("type", "agentState").put("state", c.to().wireName()).put("since", c.at().toString())
                .put("reason", a != null && a.pauseReason() != null ? a.pauseReason() : c.reason()).put("callId", c.callId());
    }

    static JsonObject callUpdate(String callId, String state, Instant at) {
        return new JsonObject().put("type", "callUpdate").put("callId", callId).put("state", state).put("at", at.toString());
    }
}
