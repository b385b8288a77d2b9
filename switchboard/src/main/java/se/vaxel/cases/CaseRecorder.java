package se.vaxel.cases;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.calls.CallEvent;
import se.vaxel.calls.FinishedCall;

/**
 * Registers every citizen's call as a case, from the domain events, without anyone's help: opened when the
 * call arrives (so the case exists before anything depends on it), each step added to its timeline, and
 * closed with the live state's account of the call ({@link FinishedCall}: outcome, wait, talk). Each step goes
 * to the register at once, asynchronously, as a {@link CaseChange} applied where the case lives, so an agent's
 * notes written meanwhile are kept. Owned by the switchboard's event loop.
 */
public final class CaseRecorder {

    private static final Logger log = LoggerFactory.getLogger(CaseRecorder.class);

    private final CaseRegister register;
    private final CitizenDirectory directory;
    private final io.vertx.core.Vertx vertx;
    /** Calls whose number was looked up in the directory already. */
    private final java.util.Set<String> lookedUp = new java.util.HashSet<>();
    /** Cases of live calls, as last written. */
    private final Map<String, Case> live = new HashMap<>();
    private long failedWrites;
    /** No resync seen yet since this recorder began or handed the PBX over. */
    private boolean fresh = true;
    /** One more at each hand-over, so what a turn began and completes after it ends is dropped. */
    private long generation;
    /** Per PBX: the calls whose case this PBX's recorders opened and have not closed (call id → arrival, epoch ms). */
    static final String IN_PROGRESS_PREFIX = "calls-in-progress.";
    private final com.hazelcast.map.IMap<String, Long> inProgress;

    public CaseRecorder(CaseRegister register) {
        this(register, CitizenDirectory.EMPTY, null);
    }

    /** With the citizen directory, looked up off the event loop (a municipality's register may be slow). */
    public CaseRecorder(CaseRegister register, CitizenDirectory directory, io.vertx.core.Vertx vertx) {
        this(register, directory, vertx, null);
    }

    /**
     * Also keeping, in the cluster, which of this PBX's calls ({@code pbx}; null: none kept) have a case still open, so
     * that the node that follows the PBX next can close those whose calls ended while nobody followed it.
     */
    public CaseRecorder(CaseRegister register, CitizenDirectory directory, io.vertx.core.Vertx vertx, String pbx) {
        this.register = register;
        this.directory = directory;
        this.vertx = vertx;
        this.inProgress = pbx == null ? null : register.hazelcast().getMap(IN_PROGRESS_PREFIX + pbx);
    }

    public void on(CallEvent event) {
        String id = event.callId();
        Instant at = event.at();
        if (event instanceof CallEvent.Arrived e) {
            if (!live.containsKey(id)) {
                Case c = Case.opened(id, e.callerNumber(), at);
                live.put(id, c);
                // A new call's case: set, not read through the store first, so cases are opened while the database is away.
                track(id, register.create(c));
                began(c);
                identify(id, e.callerNumber());
            }
            return;
        }
        Case c = live.get(id);
        if (c == null) {
            return; // not a citizen's call (a callback's agent leg), or one that ended already
        }
        if (event instanceof CallEvent.CallerNumberKnown e) {
            write(c.withCall(e.callerNumber(), c.service(), c.outcome(), c.agent(), c.answeredAt(), null, null, null), null);
            identify(id, e.callerNumber());
        } else if (event instanceof CallEvent.ServiceChosen e) {
            write(withService(c, e.service()), new CaseEntry(at, "service chosen", null, e.service()));
        } else if (event instanceof CallEvent.Waiting e) {
            if (c.timeline().stream().noneMatch(x -> x.what().equals("queued"))) {
                write(withService(c, e.service()), new CaseEntry(at, "queued", null, e.service()));
            }
        } else if (event instanceof CallEvent.ServiceClosed e) {
            write(withService(c, e.service()), new CaseEntry(at, "service closed", null, e.service()));
        } else if (event instanceof CallEvent.AgentRinging e) {
            write(c, new CaseEntry(at, "offered", e.agent(), null));
        } else if (event instanceof CallEvent.RingNoAnswer e) {
            write(c, new CaseEntry(at, "not answered", e.agent(), e.reason()));
        } else if (event instanceof CallEvent.Answered e) {
            write(c.withCall(c.callerNumber(), c.service(), c.outcome(), e.agent(), at, null, null, null),
                    new CaseEntry(at, "answered", e.agent(), null));
        } else if (event instanceof CallEvent.Transferred e) {
            write(c, new CaseEntry(at, "transferred", e.from(), e.to()));
        } else if (event instanceof CallEvent.CallbackRequested e) {
            write(c, new CaseEntry(at, "callback requested", null, e.service()));
        }
    }

    /**
     * After a (re)connect: calls in progress that have no case yet (Växel was down when they arrived) get one. At the
     * first resync of this recorder (a start, or a takeover of the PBX from another node) the calls this PBX's
     * recorders opened a case for and never closed, and that are not live any more, get their cases closed: they ended
     * while nobody followed the PBX, and no later event will say so. (A restart of the whole cluster forgets that list.)
     */
    public void on(se.vaxel.calls.LinkEvent.Resynced resync) {
        if (fresh && inProgress != null && vertx != null) {
            fresh = false;
            long turn = generation;
            java.util.Set<String> liveNow = new java.util.HashSet<>();
            resync.calls().forEach(s -> liveNow.add(s.callId()));
            vertx.executeBlocking(() -> java.util.Set.copyOf(inProgress.keySet())).onComplete(r -> {
                if (r.failed()) {
                    log.warn("Calls in progress not checked at the first resync: {}", r.cause().toString());
                    return;
                }
                if (generation != turn) {
                    return; // handed over meanwhile: the next owner's recorder checks them
                }
                int closed = 0;
                for (String id : r.result()) {
                    if (!liveNow.contains(id) && !live.containsKey(id)) {
                        track(id, register.apply(id, new CaseChange.EndedUnseen(resync.at())));
                        inProgress.removeAsync(id);
                        closed++;
                    }
                }
                if (closed > 0) {
                    log.info("{} cases whose calls ended while no node followed the PBX closed at the resync", closed);
                }
            });
        }
        for (se.vaxel.calls.CallSnapshot s : resync.calls()) {
            if (!live.containsKey(s.callId())) {
                Case c = withService(Case.opened(s.callId(), s.callerNumber(), s.arrivedAt()), s.service());
                live.put(c.id(), c);
                send(c.id(), new CaseChange.Open(c));
                began(c);
                write(c, new CaseEntry(resync.at(), "found at resync", s.agent(), s.state().name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
    }

    /** Asks the directory whose number this is, once per call; the case becomes that citizen's. */
    private void identify(String id, String number) {
        if (number == null || vertx == null || directory == CitizenDirectory.EMPTY || !lookedUp.add(id)) {
            return;
        }
        vertx.executeBlocking(() -> directory.byNumber(number)).onComplete(r -> {
            if (r.failed()) {
                log.warn("Citizen directory lookup for case {} failed: {}", id, r.cause().toString());
            } else {
                r.result().ifPresent(citizen -> send(id, new CaseChange.CitizenIdentified(citizen.id(), citizen.protectedIdentity())));
            }
        });
    }

    /** The live state's account of a call that ended: the case takes its outcome and durations. */
    public void on(FinishedCall done) {
        Case c = live.remove(done.id());
        lookedUp.remove(done.id());
        if (inProgress != null) {
            inProgress.removeAsync(done.id());
        }
        if (c == null) {
            c = Case.opened(done.id(), done.callerNumber(), done.arrivedAt());
        }
        boolean transferred = done.outcome() == FinishedCall.Outcome.ANSWERED
                && c.timeline().stream().anyMatch(e -> e.what().equals("transferred"));
        Case.Outcome outcome = transferred ? Case.Outcome.TRANSFERRED : Case.Outcome.fromWire(done.outcome().wireName());
        Case closed = c.withCall(done.callerNumber(), done.service(), outcome, done.agent(), done.answeredAt(), done.endedAt(),
                done.waited() == null ? null : done.waited().toMillis() / 1000.0,
                done.answeredAt() == null ? null : done.talked().toMillis() / 1000.0);
        send(closed.id(), facts(closed, new CaseEntry(done.endedAt(), "ended", null, outcome.wireName())));
    }

    private static Case withService(Case c, String service) {
        return service == null ? c : c.withCall(c.callerNumber(), service, c.outcome(), c.agent(), c.answeredAt(), null, null, null);
    }

    /** Keeps the recorder's view (with the entry) and sends the call's facts with that one entry. */
    private void write(Case c, CaseEntry entry) {
        live.put(c.id(), entry == null ? c : c.with(entry));
        send(c.id(), facts(c, entry));
    }

    private static CaseChange.CallFacts facts(Case c, CaseEntry entry) {
        return new CaseChange.CallFacts(c.arrivedAt(), c.callerNumber(), c.service(), c.outcome(), c.agent(), c.answeredAt(),
                c.endedAt(), c.waitSeconds(), c.talkSeconds(), entry);
    }

    private void send(String id, CaseChange change) {
        track(id, register.apply(id, change));
    }

    private void track(String id, java.util.concurrent.CompletionStage<?> write) {
        write.whenComplete((v, e) -> {
            if (e != null) {
                failedWrites++;
                if (failedWrites <= 10 || Long.bitCount(failedWrites) == 1) {
                    log.error("Case {} not written to the register ({} failures so far): {}", id, failedWrites, e.toString());
                }
            }
        });
    }

    private void began(Case c) {
        if (inProgress != null) {
            inProgress.setAsync(c.id(), c.arrivedAt().toEpochMilli());
        }
    }

    /** Another node follows the PBX now: its calls' cases are its recorder's; a later turn starts afresh. */
    public void handOver() {
        generation++;
        live.clear();
        lookedUp.clear();
        fresh = true;
    }

    public int liveCases() {
        return live.size();
    }
}
