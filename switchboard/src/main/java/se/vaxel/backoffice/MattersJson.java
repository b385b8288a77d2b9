package se.vaxel.backoffice;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import se.vaxel.cases.CaseEntry;

/** A matter in JSON, as the API and the webhook show it; {@code overdue} as of {@code now}. */
public final class MattersJson {

    private MattersJson() {}

    public static JsonObject matter(Matter m, Instant now) {
        return new JsonObject()
                .put("id", m.id())
                .put("caseId", m.id())
                .put("department", m.department())
                .put("summary", m.summary())
                .put("callerNumber", m.callerNumber())
                .put("citizen", m.citizenId())
                .put("service", m.service())
                .put("status", m.status().wireName())
                .put("transferredBy", m.transferredBy())
                .put("transferredAt", text(m.transferredAt()))
                .put("deadline", text(m.deadline()))
                .put("overdue", m.overdue(now))
                .put("officer", m.officer())
                .put("feedback", m.feedback())
                .put("closedAt", text(m.closedAt()))
                .put("updatedAt", text(m.updatedAt()));
    }

    public static JsonObject withTimeline(Matter m, Instant now) {
        JsonArray timeline = new JsonArray();
        for (CaseEntry e : m.timeline()) {
            timeline.add(new JsonObject().put("at", e.at().toString()).put("what", e.what()).put("who", e.who()).put("detail", e.detail()));
        }
        return matter(m, now).put("timeline", timeline);
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
