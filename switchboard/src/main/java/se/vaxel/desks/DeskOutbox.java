package se.vaxel.desks;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the switchboard sends one desk session (one log-in's token): every message numbered ({@code seq}, one more
 * each time) and kept for {@link #KEPT} (at most {@link #MAX_KEPT} messages and {@link #MAX_KEPT_CHARS} characters,
 * so a session's memory is bounded however much it is sent), so a desk whose socket dropped and that comes back
 * with {@code resume} gets exactly what it missed, in order, and nothing twice. The session outlives its sockets:
 * two tabs share it, and it is forgotten {@link #KEPT} after its last socket closed. The answers to the session's
 * commands are remembered by their id ({@link CommandLog}). Owned by the switchboard's event loop.
 */
final class DeskOutbox {

    static final Duration KEPT = Duration.ofMinutes(5);
    static final int MAX_KEPT = 2_000;
    static final int MAX_KEPT_CHARS = 1024 * 1024;

    /** One message as sent: its number, when (epoch ms), and the text on the wire. */
    record Sent(long seq, long atMillis, String text) {}

    private final String staffId;
    private final Deque<Sent> kept = new ArrayDeque<>();
    private final Set<DeskSocket> sockets = new LinkedHashSet<>();
    private final CommandLog commands = new CommandLog();
    private long keptChars;
    private long seq;
    private long idleSinceMillis;
    private boolean ended;

    DeskOutbox(String staffId, long nowMillis) {
        this.staffId = staffId;
        this.idleSinceMillis = nowMillis;
    }

    String staffId() {
        return staffId;
    }

    CommandLog commands() {
        return commands;
    }

    /** The number of the last message sent (0: none yet). */
    long lastSeq() {
        return seq;
    }

    /** Numbers the message, keeps it and writes it to every socket of the session. */
    void send(JsonObject message, long nowMillis) {
        send(message, null, nowMillis);
    }

    /**
     * The same, written only to {@code only} (the answer to that socket's message, its welcome): the others see a
     * gap in seq. When {@code only} has closed meanwhile (an answer that took its time), to every socket instead:
     * the desk that asked may be back on another one, and the others ignore a {@code ref} they do not know.
     */
    Sent send(JsonObject message, DeskSocket only, long nowMillis) {
        Sent sent = new Sent(++seq, nowMillis, message.put("seq", seq).encode());
        kept.addLast(sent);
        keptChars += sent.text().length();
        trim(nowMillis);
        if (only != null && !only.closed()) {
            only.feed().deliver(sent);
        } else {
            List.copyOf(sockets).forEach(s -> s.feed().deliver(sent));
        }
        return sent;
    }

    /** An answer ({@code ok} or {@code error} naming the command in {@code ref}), remembered for that command. */
    void answer(JsonObject answer, DeskSocket asker, long nowMillis) {
        String ref = answer.getString("ref");
        JsonObject kept = ref == null ? null : answer.copy();
        Sent sent = send(answer, asker, nowMillis);
        if (kept != null) {
            commands.answered(ref, sent.seq(), kept);
        }
    }

    /**
     * The messages after {@code lastSeen} as they went out, answers to the session's other sockets included (the
     * socket that asked may be the one that dropped; a desk ignores a {@code ref} it does not know), or null when
     * some of them are no longer kept (or the desk claims one never sent): the desk then starts from the welcome's
     * picture alone.
     */
    List<Sent> after(long lastSeen, long nowMillis) {
        trim(nowMillis);
        if (lastSeen > seq) {
            return null;
        }
        if (lastSeen < seq && (kept.isEmpty() || kept.peekFirst().seq() > lastSeen + 1)) {
            return null;
        }
        List<Sent> out = new ArrayList<>();
        for (Sent s : kept) {
            if (s.seq() > lastSeen) {
                out.add(s);
            }
        }
        return out;
    }

    void attach(DeskSocket s) {
        sockets.add(s);
    }

    void detach(DeskSocket s, long nowMillis) {
        sockets.remove(s);
        if (sockets.isEmpty()) {
            idleSinceMillis = nowMillis;
        }
    }

    /** The log-in was logged out: its sockets are closed, and one that opens late is closed at once. */
    void end() {
        ended = true;
    }

    boolean ended() {
        return ended;
    }

    boolean connected() {
        return !sockets.isEmpty();
    }

    /** No socket for longer than a desk may take to come back. */
    boolean expired(long nowMillis) {
        return sockets.isEmpty() && nowMillis - idleSinceMillis > KEPT.toMillis();
    }

    Set<DeskSocket> sockets() {
        return sockets;
    }

    private void trim(long nowMillis) {
        long oldest = nowMillis - KEPT.toMillis();
        while (!kept.isEmpty() && (kept.size() > MAX_KEPT || keptChars > MAX_KEPT_CHARS || kept.peekFirst().atMillis() < oldest)) {
            keptChars -= kept.removeFirst().text().length();
        }
    }
}
