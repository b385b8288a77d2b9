package se.vaxel.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import se.vaxel.auth.Staff;

/**
 * The matters a citizen has open in the back office, for the screen pop's history; the back office answers
 * (the case register does not know matters). Protected identities' matters only for those who may know them.
 */
@FunctionalInterface
public interface OpenMatters {

    OpenMatters NONE = (citizenId, number, staff) -> Future.succeededFuture(new JsonArray());

    /** By the citizen's id when known, else by the number they called from; in JSON as the back office shows them. */
    Future<JsonArray> of(String citizenId, String number, Staff staff);
}
