package se.vaxel.desks;

import java.util.List;
import se.vaxel.auth.Staff;

/**
 * A message from a desk, validated ({@link DeskMessages#parse}): one record per {@code type} of PROTOCOL.md, so
 * that handling it is a complete switch over what a desk may say. {@code id} is the desk's own, named again in
 * the server's {@code ok} or {@code error} ({@code ref}).
 */
sealed interface DeskCommand {

    String id();

    /** The role a member of staff needs for this command; null: anyone logged in. */
    default String role() {
        return Staff.AGENT;
    }

    /**
     * Opens the session on this socket; {@code resume} is the last {@code seq} the desk saw (null: a fresh start),
     * {@code pending} the ids of the commands it sent before a drop and has no answer for (none: empty).
     */
    record Hello(String id, String token, Long resume, List<String> pending) implements DeskCommand {
        public Hello {
            pending = pending == null ? List.of() : List.copyOf(pending);
        }

        @Override
        public String role() {
            return null;
        }

        @Override
        public String toString() {
            return "Hello[id=" + id + ", resume=" + resume + ", pending=" + pending + "]"; // never the token, should this reach a log
        }
    }

    /** Log in to the queues, or end a pause: ready for calls. */
    record Available(String id) implements DeskCommand {}

    record Pause(String id, String reason) implements DeskCommand {}

    record Logout(String id) implements DeskCommand {}

    record EndWrapUp(String id) implements DeskCommand {}

    /** The agent's fields of a case, as {@code PATCH /api/cases/{id}}: any of them (null: left as it is). */
    record UpdateCase(String id, String caseId, String category, String notes, String resolution) implements DeskCommand {}

    /** The case becomes a matter of a department, as {@code POST /api/matters}. */
    record Transfer(String id, String caseId, String department, String summary) implements DeskCommand {}

    record Ping(String id) implements DeskCommand {
        @Override
        public String role() {
            return null;
        }
    }
}
