package se.vaxel.wallboard;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/** What a wallboard may send (README.md): {@code hello} with the session token first, then {@code ping} if it likes. */
sealed interface WallboardCommand {

    String id();

    record Hello(String id, String token) implements WallboardCommand {}

    record Ping(String id) implements WallboardCommand {}

    /** Why a message was not taken; {@code ref} is its id when that could be read. */
    final class BadMessage extends Exception {
        final String ref;

        BadMessage(String ref, String message) {
            super(message, null, false, false);
            this.ref = ref;
        }
    }

    static WallboardCommand parse(String text) throws BadMessage {
        JsonObject m;
        try {
            if (!(Json.decodeValue(text) instanceof JsonObject o)) {
                throw new BadMessage(null, "a message is one JSON object with a type");
            }
            m = o;
        } catch (DecodeException e) {
            throw new BadMessage(null, "not JSON: " + e.getMessage());
        }
        String ref = m.getValue("id") instanceof String s && s.length() <= 64 ? s : null;
        String type = text(m, "type", ref, 32);
        String id = text(m, "id", ref, 64);
        return switch (type) {
            case "hello" -> new Hello(id, text(m, "token", ref, 256));
            case "ping" -> new Ping(id);
            default -> throw new BadMessage(ref, "type: unknown '" + (type.length() <= 32 ? type : type.substring(0, 32))
                    + "'; a wallboard sends hello, then ping if it likes");
        };
    }

    private static String text(JsonObject m, String field, String ref, int max) throws BadMessage {
        Object v = m.getValue(field);
        if (v == null) {
            throw new BadMessage(ref, field + ": missing");
        }
        if (!(v instanceof String s)) {
            throw new BadMessage(ref, field + ": must be text");
        }
        if (s.isBlank()) {
            throw new BadMessage(ref, field + ": must not be empty");
        }
        if (s.length() > max) {
            throw new BadMessage(ref, field + ": at most " + max + " characters");
        }
        return s;
    }
}
