package se.vaxel.wallboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeSet;
import se.vaxel.auth.Staff;
import se.vaxel.metrics.QueueCounts;
import se.vaxel.routing.AgentStatus;

/** What the switchboard sends a wallboard (README.md beside this class), each as its JSON. */
sealed interface WallboardMessage {

    JsonObject json();

    /** The session is open: who it is. */
    record Welcome(Staff user) implements WallboardMessage {
        public JsonObject json() {
            return new JsonObject().put("type", "welcome").put("user", new JsonObject().put("id", user.id()).put("name", user.name())
                    .put("roles", new JsonArray(new TreeSet<>(user.roles()).stream().toList())));
        }
    }

    record Ok(String ref) implements WallboardMessage {
        public JsonObject json() {
            return new JsonObject().put("type", "ok").put("ref", ref);
        }
    }

    /**
     * {@code code}: bad_message, unauthenticated, forbidden, unavailable (as the desks'); {@code ended}: how an open
     * wallboard's log-in ended ({@code expired}, {@code logged_out}), else null.
     */
    record Error(String ref, String code, String message, String ended) implements WallboardMessage {
        Error(String ref, String code, String message) {
            this(ref, code, message, null);
        }

        public JsonObject json() {
            JsonObject e = new JsonObject().put("type", "error");
            if (ref != null) {
                e.put("ref", ref);
            }
            e.put("code", code).put("message", message);
            return ended == null ? e : e.put("ended", ended);
        }
    }

    /** The contact centre now and today so far. */
    record Snapshot(Instant at, LocalDate day, ZoneId zone, List<Tile> queues, Centre centre, EqualService equalService)
            implements WallboardMessage {
        public JsonObject json() {
            JsonArray tiles = new JsonArray();
            queues.forEach(t -> tiles.add(t.json()));
            EqualService e = equalService;
            return new JsonObject().put("type", "snapshot").put("at", at.toString()).put("day", day.toString()).put("zone", zone.getId())
                    .put("queues", tiles).put("centre", centre.json())
                    .put("equalService", new JsonObject().put("serviceLevelSpread", e.serviceLevelSpread())
                            .put("asaSpreadSeconds", e.asaSpreadSeconds()).put("worst", e.worst()).put("judged", new JsonArray(e.judged()))
                            .put("tooFew", new JsonArray(e.tooFew())).put("minCalls", EqualService.MIN_CALLS));
        }
    }

    /** One service queue's tile. {@code belowTarget}: today's service level under the target (null: no figure yet). */
    record Tile(String id, String name, boolean open, int waiting, double longestWaitSeconds, double targetShare, double targetSeconds,
            QueueCounts today, Integer p90WaitSeconds, Map<AgentStatus, Integer> agents, List<AgentLine> agentList, Staffing staffing) {

        Boolean belowTarget() {
            OptionalDouble sl = today.serviceLevel();
            return sl.isPresent() ? sl.getAsDouble() < targetShare : null;
        }

        JsonObject json() {
            JsonArray list = new JsonArray();
            agentList.forEach(a -> list.add(a.json()));
            return new JsonObject().put("id", id).put("name", name).put("open", open).put("waiting", waiting)
                    .put("longestWaitSeconds", longestWaitSeconds)
                    .put("target", new JsonObject().put("share", targetShare).put("seconds", targetSeconds))
                    .put("belowTarget", belowTarget())
                    .put("today", figures(today).put("waitsOver", EqualService.waitsOver(today)).put("p90WaitSeconds", p90WaitSeconds))
                    .put("agents", byState(agents)).put("agentList", list).put("staffing", staffing.json());
        }
    }

    /** An agent with the queue's skill: staff, so named; how long in the state, whole seconds. */
    record AgentLine(String id, String name, AgentStatus state, String reason, Instant since, long seconds) {
        JsonObject json() {
            return new JsonObject().put("id", id).put("name", name).put("state", state.wireName()).put("reason", reason)
                    .put("since", since.toString()).put("seconds", seconds);
        }
    }

    /**
     * Erlang C's advice for a queue: from the calls of the last 15 minutes and the handle time (today's, or
     * {@code ahtAssumed}), the agents {@code needed} to reach the target (null: none reaches it), beside those it
     * {@code has} (logged in with its skill, not paused).
     */
    record Staffing(int arrivalsLast15Minutes, double erlangs, double ahtSeconds, boolean ahtAssumed, Integer needed, int has) {
        JsonObject json() {
            return new JsonObject().put("arrivalsLast15Minutes", arrivalsLast15Minutes).put("erlangs", erlangs)
                    .put("ahtSeconds", ahtSeconds).put("ahtAssumed", ahtAssumed).put("needed", needed).put("has", has);
        }
    }

    /** All queues together; {@code needed} the sum of the queues' advice, {@code has} agents counted once. */
    record Centre(int waiting, double longestWaitSeconds, QueueCounts today, Map<AgentStatus, Integer> agents, Double occupancy,
            int needed, int has) {
        JsonObject json() {
            return new JsonObject().put("waiting", waiting).put("longestWaitSeconds", longestWaitSeconds).put("today", figures(today))
                    .put("agents", byState(agents)).put("occupancy", occupancy)
                    .put("staffing", new JsonObject().put("needed", needed).put("has", has));
        }
    }

    /** Each queue through the day: {@code [minute, waiting, serviceLevel]} a minute since {@code dayStart}. */
    record Series(Instant dayStart, int dayMinutes, ZoneId zone, Map<String, List<DaySeries.Point>> queues) implements WallboardMessage {
        public JsonObject json() {
            JsonArray qs = new JsonArray();
            queues.forEach((id, points) -> {
                JsonArray ps = new JsonArray();
                points.forEach(p -> ps.add(new JsonArray().add(p.minute()).add(p.waiting()).add(p.serviceLevel())));
                qs.add(new JsonObject().put("id", id).put("points", ps));
            });
            return new JsonObject().put("type", "series").put("dayStart", dayStart.toString()).put("dayMinutes", dayMinutes)
                    .put("zone", zone.getId()).put("queues", qs);
        }
    }

    /** Today's counts and the figures derived from them, named as /api/history names them; null where absent. */
    static JsonObject figures(QueueCounts c) {
        return new JsonObject().put("offered", c.offered()).put("answered", c.answered()).put("answeredWithinTarget", c.answeredWithinTarget())
                .put("abandoned", c.abandoned()).put("abandonedShort", c.abandonedShort()).put("callbacksBooked", c.callbacksBooked())
                .put("callbacksCompleted", c.callbacksCompleted()).put("transferredToBackOffice", c.transferredToBackOffice())
                .put("serviceLevel", orNull(c.serviceLevel())).put("answerRate", orNull(c.answerRate()))
                .put("abandonRate", orNull(c.abandonRate())).put("callbackRate", orNull(c.callbackRate()))
                .put("averageSpeedOfAnswerSeconds", orNull(c.averageSpeedOfAnswer()))
                .put("averageHandleTimeSeconds", orNull(c.averageHandleTime()))
                .put("firstContactResolution", orNull(c.firstContactResolution()));
    }

    private static JsonObject byState(Map<AgentStatus, Integer> agents) {
        JsonObject o = new JsonObject();
        for (AgentStatus s : AgentStatus.values()) {
            o.put(s.wireName(), agents.getOrDefault(s, 0));
        }
        return o;
    }

    private static Double orNull(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }
}
