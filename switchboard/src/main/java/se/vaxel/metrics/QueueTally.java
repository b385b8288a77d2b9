package se.vaxel.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import se.vaxel.calls.CallEvent;
import se.vaxel.calls.LinkEvent;
import se.vaxel.routing.AgentStateChanged;
import se.vaxel.routing.AgentStatus;

/**
 * Counts each service queue's calls from the domain events as they happen: into the Prometheus meters, and into
 * today's {@link QueueCounts} for the wallboard (a new day starts at local midnight). It keeps, per call in
 * progress, only what the figures need: its queue and when it started waiting, ringing and talking.
 * Single-threaded: everything runs on the switchboard's event loop, where the events arrive.
 */
public final class QueueTally {

    /** A call in progress, as far as its figures go. */
    private static final class Track {
        String queue;
        Instant waitingSince;
        Instant ringingSince;
        Instant answeredAt;
        boolean done;
    }

    /** One queue's running counts today. */
    private static final class Today {
        long offered, answered, withinTarget, abandoned, abandonedShort, callbacksBooked, callbacksCompleted, transferred,
                resolvedFirstContact, resolutions, talksEnded;
        double waitAnswered, talk, afterCall;
        /** What the case register said of the calls before this switchboard started. */
        QueueCounts before = QueueCounts.NONE;

        QueueCounts counts() {
            return before.plus(new QueueCounts(offered, answered, withinTarget, abandoned, abandonedShort, callbacksBooked, callbacksCompleted,
                    transferred, resolvedFirstContact, resolutions, waitAnswered, talk, afterCall, talksEnded));
        }
    }

    private final QueueMeters meters;
    private final Function<String, Duration> targetOf;
    private final Duration shortAbandon;
    private final ZoneId zone;
    private final Clock clock;
    private final Map<String, Track> calls = new HashMap<>();
    /** The queue of each agent's last answered call, and when their wrap-up began. */
    private final Map<String, String> agentQueue = new HashMap<>();
    private final Map<String, Instant> wrapUpSince = new HashMap<>();
    private final Map<String, Today> today = new TreeMap<>();
    private LocalDate day;
    /** False only to measure what counting costs (VAXEL_QUEUE_METRICS=false in the ingest benchmark). */
    private final boolean counting;
    private Listener listener = Listener.NONE;

    /**
     * What the wallboard keeps beyond today's counts (arrivals for the staffing advice, waits for percentiles), told
     * as the tally counts it, so that an offer and a wait mean the same there as here.
     */
    public interface Listener {
        Listener NONE = new Listener() { };

        /** A call entered the queue (counted as offered). */
        default void offered(String queue, Instant at) { }

        /** A call's wait is over: answered, abandoned (not a short abandon: a misdial) or booked as a callback. */
        default void waitOver(String queue, Duration wait, Instant at) { }
    }

    QueueTally(QueueMeters meters, Function<String, Duration> targetOf, Duration shortAbandon, ZoneId zone, Clock clock,
            boolean counting) {
        this.counting = counting;
        this.meters = meters;
        this.targetOf = targetOf;
        this.shortAbandon = shortAbandon;
        this.zone = zone;
        this.clock = clock;
        this.day = clock.instant().atZone(zone).toLocalDate();
    }

    /** One listener (the wallboard); on the event loop, as the events are counted. */
    public void listen(Listener l) {
        this.listener = l == null ? Listener.NONE : l;
    }

    /** Today's counts per queue so far (the queues with a call today). */
    public Map<String, QueueCounts> today() {
        rollDay(clock.instant());
        Map<String, QueueCounts> out = new TreeMap<>();
        today.forEach((q, t) -> out.put(q, t.counts()));
        return out;
    }

    public void on(CallEvent event) {
        if (!counting) {
            return;
        }
        Instant at = event.at();
        rollDay(at);
        if (event instanceof CallEvent.Waiting e) {
            waiting(e.callId(), e.service(), at);
        } else if (event instanceof CallEvent.InPbxQueue e) {
            Track t = calls.get(e.callId());
            if (t != null && t.queue != null) {
                meters.of(t.queue).fallback().increment();
            }
        } else if (event instanceof CallEvent.AgentRinging e) {
            Track t = calls.get(e.callId());
            if (t != null) {
                t.ringingSince = at;
            }
        } else if (event instanceof CallEvent.RingNoAnswer e) {
            ringEnded(calls.get(e.callId()), at);
        } else if (event instanceof CallEvent.Answered e) {
            answered(calls.get(e.callId()), at);
        } else if (event instanceof CallEvent.Abandoned e) {
            abandoned(calls.remove(e.callId()), at);
        } else if (event instanceof CallEvent.CallbackRequested e) {
            callbackBooked(calls.get(e.callId()), at);
        } else if (event instanceof CallEvent.Ended e) {
            ended(calls.remove(e.callId()), at);
        }
    }

    /**
     * What today's cases say of the calls before this switchboard started or took the PBX over (read from the case
     * register's database), so that today's figures survive a restart and a takeover; it replaces what an earlier
     * seed said; ignored once the day has changed.
     */
    public void seed(java.time.LocalDate of, Map<String, QueueCounts> before) {
        rollDay(clock.instant());
        if (!of.equals(day)) {
            return;
        }
        before.forEach((queue, c) -> day(queue).before = c);
    }

    /**
     * Another node routes the PBX now: today's figures are its to count (they start again here, from the case register,
     * if this node takes the PBX back). The Prometheus counters stay as they are: counters only grow.
     */
    public void handOver() {
        today.clear();
        calls.clear();
        agentQueue.clear();
        wrapUpSince.clear();
    }

    /** After a (re)connect, Asterisk's calls are the truth: a call it no longer has will send no more events. */
    public void on(LinkEvent.Resynced resync) {
        java.util.Set<String> live = new java.util.HashSet<>();
        resync.calls().forEach(c -> live.add(c.callId()));
        calls.keySet().retainAll(live);
    }

    /** A callback reached the citizen (or not): counted in the queue the citizen had waited in. */
    public void callbackDone(String queue, boolean reached) {
        if (queue != null && reached) {
            meters.of(queue).callbacksCompleted().increment();
            day(queue).callbacksCompleted++;
        }
    }

    /** An agent recorded the first resolution of a case of this queue. */
    public void resolved(String queue, String resolution) {
        if (queue == null || resolution == null) {
            return;
        }
        meters.resolved(queue, resolution).increment();
        Today t = day(queue);
        t.resolutions++;
        if (resolution.equals("resolved_first_contact")) {
            t.resolvedFirstContact++;
        }
    }

    /** A case of this queue's call became a matter for a department. */
    public void transferred(String queue) {
        if (queue != null) {
            meters.of(queue).transferred().increment();
            day(queue).transferred++;
        }
    }

    /** An agent's state changed: their wrap-up time counts in the queue of the call it followed. */
    public void on(AgentStateChanged change) {
        if (!counting) {
            return;
        }
        rollDay(change.at());
        if (change.to() == AgentStatus.ON_CALL && change.callId() != null) {
            Track t = calls.get(change.callId());
            if (t != null && t.queue != null) {
                agentQueue.put(change.agentId(), t.queue);
            }
        }
        if (change.to() == AgentStatus.WRAP_UP) {
            wrapUpSince.put(change.agentId(), change.at());
        } else if (change.from() == AgentStatus.WRAP_UP) {
            Instant since = wrapUpSince.remove(change.agentId());
            String queue = agentQueue.get(change.agentId());
            if (since != null && queue != null) {
                Duration d = Duration.between(since, change.at());
                meters.of(queue).afterCall().record(d);
                day(queue).afterCall += seconds(d);
            }
        }
    }

    private void waiting(String callId, String queue, Instant at) {
        if (queue == null) {
            return;
        }
        Track t = calls.computeIfAbsent(callId, id -> new Track());
        if (queue.equals(t.queue) || t.answeredAt != null) {
            return; // back on hold after a missed ring: the same wait goes on
        }
        t.queue = queue;
        t.waitingSince = at;
        meters.of(queue).offered().increment();
        day(queue).offered++;
        listener.offered(queue, at);
    }

    private void answered(Track t, Instant at) {
        if (t == null || t.queue == null || t.answeredAt != null) {
            return;
        }
        Duration wait = waitEnds(t, at);
        t.answeredAt = at;
        QueueMeters.Queue m = meters.of(t.queue);
        m.answered().increment();
        m.waitAnswered().record(wait);
        Today d = day(t.queue);
        d.answered++;
        d.waitAnswered += seconds(wait);
        if (wait.compareTo(targetOf.apply(t.queue)) <= 0) {
            m.answeredWithinTarget().increment();
            d.withinTarget++;
        }
        listener.waitOver(t.queue, wait, at);
    }

    private void abandoned(Track t, Instant at) {
        if (t == null || t.queue == null || t.answeredAt != null || t.done) {
            return;
        }
        Duration wait = waitEnds(t, at);
        QueueMeters.Queue m = meters.of(t.queue);
        m.abandoned().increment();
        m.waitAbandoned().record(wait);
        Today d = day(t.queue);
        d.abandoned++;
        if (wait.compareTo(shortAbandon) <= 0) {
            m.abandonedShort().increment();
            d.abandonedShort++;
        } else {
            listener.waitOver(t.queue, wait, at);
        }
    }

    private void callbackBooked(Track t, Instant at) {
        if (t == null || t.queue == null || t.answeredAt != null || t.done) {
            return;
        }
        t.done = true; // their wait is over: they keep their place as a callback, and hang up next
        meters.of(t.queue).callbacksBooked().increment();
        day(t.queue).callbacksBooked++;
        listener.waitOver(t.queue, Duration.between(t.waitingSince, at), at);
    }

    private void ended(Track t, Instant at) {
        if (t == null || t.answeredAt == null) {
            return;
        }
        Duration talk = Duration.between(t.answeredAt, at);
        meters.of(t.queue).talk().record(talk);
        Today d = day(t.queue);
        d.talk += seconds(talk);
        d.talksEnded++;
    }

    /** How long the citizen waited, now that their wait is over (and so is any ringing). */
    private Duration waitEnds(Track t, Instant at) {
        ringEnded(t, at);
        return Duration.between(t.waitingSince, at);
    }

    private void ringEnded(Track t, Instant at) {
        if (t != null && t.ringingSince != null && t.queue != null) {
            meters.of(t.queue).ring().record(Duration.between(t.ringingSince, at));
            t.ringingSince = null;
        }
    }

    private Today day(String queue) {
        return today.computeIfAbsent(queue, q -> new Today());
    }

    /** At local midnight today's counts start again (the history keeps the day from the case register). */
    private void rollDay(Instant at) {
        LocalDate now = at.atZone(zone).toLocalDate();
        if (now.isAfter(day)) {
            day = now;
            today.clear();
        }
    }

    /** Calls in progress tracked (bounded by the calls Asterisk has: each ends, is abandoned or is resynced away). */
    int tracked() {
        return calls.size();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
