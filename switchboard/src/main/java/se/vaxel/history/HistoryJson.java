package se.vaxel.history;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import se.vaxel.metrics.QueueCounts;

/** The history as {@code GET /api/history} answers it: the days, each queue's figures, and each queue's total. */
final class HistoryJson {

    private HistoryJson() {}

    static JsonObject report(History.Report r, Function<String, String> nameOf) {
        JsonArray days = new JsonArray();
        for (History.Day d : r.days()) {
            JsonArray queues = new JsonArray();
            d.queues().forEach(q -> queues.add(figures(q.queue(), nameOf, q.counts()).put("targetSeconds", q.targetSeconds())
                    .put("shortAbandonSeconds", q.shortAbandonSeconds())));
            days.add(new JsonObject().put("day", d.day().toString()).put("complete", d.complete()).put("queues", queues));
        }
        JsonArray totals = new JsonArray();
        r.totals().forEach((queue, counts) -> totals.add(figures(queue, nameOf, counts)));
        return new JsonObject().put("from", r.query().from().toString()).put("to", r.query().to().toString())
                .put("zone", r.zone().getId()).put("queue", r.query().queue()).put("days", days).put("totals", totals);
    }

    private static JsonObject figures(String queue, Function<String, String> nameOf, QueueCounts counts) {
        JsonObject o = new JsonObject().put("queue", queue).put("name", nameOf.apply(queue));
        Figures.ALL.forEach(f -> o.put(f.name(), f.value().apply(counts)));
        return o;
    }
}
