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
 * each time) and kept for {@link #KEPT} (at most {@link #MAX_KEPT} messages), so a desk whose socket dropped and
 * that comes back with {@code resume} gets exactly what it missed, in order, and nothing twice. The session
 * outlives its sockets: two tabs share it, and it is forgotten {@link #KEPT} after its last socket closed.
 * Owned by the switchboard's event loop.
 */
final class DeskOutbox {

    static final Duration KEPT = Duration.ofMinutes(5);
    static final int MAX_KEPT = 2_000;

    /** One message as sent: its number, when (epoch ms), and the text on the wire. */
    private record Sent(long seq, long atMillis, String text) {}

    private final String staffId;
    private final Deque<Sent> kept = new ArrayDeque<>();
    private final Set<DeskSocket> sockets = new LinkedHashSet<>();
    private long seq;
    private long idleSinceMillis;

    DeskOutbox(String staffId, long nowMillis) {
        this.staffId = staffId;
        this.idleSinceMillis = nowMillis;
    }

    String staffId() {
        return staffId;
    }

    /** The number of the last message sent (0: none yet). */
    long lastSeq() {
        return seq;
    }

    /** Numbers the message, keeps it and writes it to every socket of the session. */
    void send(JsonObject message, long nowMillis) {
        send(message, null, nowMillis);
    }

    /** The same, written only to {@code only} (the answer to that socket's message): the others see a gap in seq. */
    void send(JsonObject message, DeskSocket only, long nowMillis) {
        String text = message.put("seq", ++seq).encode();
        kept.addLast(new Sent(seq, nowMillis, text));
        trim(nowMillis);
        if (only != null) {
            only.write(text);
        } else {
            sockets.forEach(s -> s.write(text));
        }
    }

    /**
     * The messages after {@code lastSeen} as they went out, answers to the session's other sockets included (the
     * socket that asked may be the one that dropped; a desk ignores a {@code ref} it does not know), or null when
     * some of them are no longer kept (or the desk claims one never sent): the desk then starts from the welcome's
     * picture alone.
     */
    List<String> after(long lastSeen, long nowMillis) {
        trim(nowMillis);
        if (lastSeen > seq) {
            return null;
        }
        if (lastSeen < seq && (kept.isEmpty() || kept.peekFirst().seq() > lastSeen + 1)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Sent s : kept) {
            if (s.seq() > lastSeen) {
                out.add(s.text());
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
        while (!kept.isEmpty() && (kept.size() > MAX_KEPT || kept.peekFirst().atMillis() < oldest)) {
            kept.removeFirst();
        }
    }
}
