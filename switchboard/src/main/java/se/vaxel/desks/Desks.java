package se.vaxel.desks;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import se.vaxel.auth.Staff;
import se.vaxel.auth.Tokens;

/**
 * The desks connected to this node: each log-in's {@link DeskOutbox} by its token's digest (never the token
 * itself), and the sessions of each member of staff, for sending a message to one person's desks or to everyone
 * who should know. Owned by the switchboard's event loop, like the live state it reports on.
 */
final class Desks {

    private final Clock clock;
    private final Map<String, DeskOutbox> byToken = new HashMap<>();
    private final Map<String, Set<DeskOutbox>> byStaff = new HashMap<>();
    /** Who each desk session belongs to, as the users file said at hello (roles are re-read per message). */
    private final Map<DeskOutbox, Staff> staffOf = new HashMap<>();

    Desks(Clock clock) {
        this.clock = clock;
    }

    long now() {
        return clock.millis();
    }

    /** The session of this token, kept from an earlier socket when there is one; a new one otherwise. */
    DeskOutbox session(String token, Staff staff) {
        String key = Tokens.digest(token);
        DeskOutbox box = byToken.get(key);
        if (box == null || !box.staffId().equals(staff.id())) {
            box = new DeskOutbox(staff.id(), now());
            byToken.put(key, box);
            byStaff.computeIfAbsent(staff.id(), k -> new HashSet<>()).add(box);
        }
        staffOf.put(box, staff);
        return box;
    }

    /** Whether anyone has a desk session for this member of staff (connected, or away for less than five minutes). */
    boolean has(String staffId) {
        return byStaff.containsKey(staffId);
    }

    /** Where a member of staff's desk connects from (one of them), for the audit log; null when none is connected. */
    String addressOf(String staffId) {
        Set<DeskOutbox> boxes = byStaff.get(staffId);
        if (boxes != null) {
            for (DeskOutbox b : boxes) {
                for (DeskSocket s : b.sockets()) {
                    return s.address();
                }
            }
        }
        return null;
    }

    /** To every desk session of one member of staff. */
    void toStaff(String staffId, JsonObject message) {
        Set<DeskOutbox> boxes = byStaff.get(staffId);
        if (boxes == null) {
            return;
        }
        long now = now();
        for (DeskOutbox b : List.copyOf(boxes)) {
            b.send(message.copy(), now);
        }
    }

    /** To every desk session whose member of staff passes {@code who}. */
    void toEveryone(Predicate<Staff> who, JsonObject message) {
        long now = now();
        staffOf.forEach((box, staff) -> {
            if (who.test(staff)) {
                box.send(message.copy(), now);
            }
        });
    }

    /** Forgets the sessions whose desks have not come back in time. */
    void sweep() {
        long now = now();
        byToken.values().removeIf(b -> {
            if (!b.expired(now)) {
                return false;
            }
            forget(b);
            return true;
        });
    }

    /**
     * The log-in of this token digest has ended (logged out, or expired, on any node): its session is forgotten and
     * its sockets closed with 4401, saying {@code how} ({@code logged_out}, {@code expired}).
     */
    void ended(String tokenDigest, String how) {
        DeskOutbox b = byToken.remove(tokenDigest);
        if (b == null) {
            return;
        }
        forget(b);
        b.end();
        List.copyOf(b.sockets()).forEach(s -> s.ended(how));
    }

    /**
     * Another node owns the PBX now: every desk session is forgotten here and its sockets closed with 1012, so the
     * desks reconnect and reach the new owner (through whichever node), which has their agents' states.
     */
    void handOver() {
        for (DeskOutbox b : List.copyOf(byToken.values())) {
            forget(b);
            b.end();
            List.copyOf(b.sockets()).forEach(DeskSocket::movedAway);
        }
        byToken.clear();
    }

    private void forget(DeskOutbox b) {
        staffOf.remove(b);
        Set<DeskOutbox> mine = byStaff.get(b.staffId());
        if (mine != null) {
            mine.remove(b);
            if (mine.isEmpty()) {
                byStaff.remove(b.staffId());
            }
        }
    }

    /** Desk sessions, and of them those with a socket now (for a health look and the benchmark). */
    int sessions() {
        return byToken.size();
    }

    int connected() {
        return (int) byToken.values().stream().filter(DeskOutbox::connected).count();
    }

    /** Sockets whose write queue is full now: their desks read too slowly (closed if it lasts). */
    int congested() {
        return (int) byToken.values().stream().flatMap(b -> b.sockets().stream()).filter(s -> s.feed().congested()).count();
    }
}
