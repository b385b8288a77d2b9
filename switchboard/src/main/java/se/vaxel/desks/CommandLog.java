package se.vaxel.desks;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One desk session's commands by their id: in progress, or answered (with the answer and its {@code seq}). So a
 * command is carried out once whatever happens to the socket: the same id again gets the first answer again, and
 * a desk that comes back with commands it has no answer for ({@code hello}'s {@code pending}) learns of each
 * whether it was done, is still being done, or never arrived (then it is marked so, and never carried out should
 * it arrive late). The last {@link #KEPT} ids are remembered. Owned by the switchboard's event loop.
 */
final class CommandLog {

    static final int KEPT = 256;

    /** What the session knows of one command id. */
    sealed interface Status permits InProgress, Answered {}

    /** Received, and its answer not ready yet (a register look-up, a transfer). */
    record InProgress() implements Status {}

    /** Answered with {@code answer} (without its seq), sent as message {@code seq}. */
    record Answered(long seq, JsonObject answer) implements Status {}

    private static final InProgress IN_PROGRESS = new InProgress();

    private final Map<String, Status> byId = new LinkedHashMap<>();
    private boolean forgotSome;

    /** The command's status if the id is known (it is not carried out again); null: new, and now in progress. */
    Status begin(String id) {
        Status known = byId.get(id);
        if (known != null) {
            return known;
        }
        put(id, IN_PROGRESS);
        return null;
    }

    void answered(String id, long seq, JsonObject answer) {
        put(id, new Answered(seq, answer));
    }

    private void put(String id, Status status) {
        byId.put(id, status);
        if (byId.size() > KEPT) {
            var oldest = byId.keySet().iterator();
            oldest.next();
            oldest.remove();
            forgotSome = true;
        }
    }

    /** The status of a command id; null: never received (or forgotten, see {@link #forgotSome}). */
    Status status(String id) {
        return byId.get(id);
    }

    /** Whether ids have been forgotten to stay within {@link #KEPT}: an unknown id may then have been done. */
    boolean forgotSome() {
        return forgotSome;
    }
}
