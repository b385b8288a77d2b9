package se.vaxel.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The one owner of live calls and service queues, changed only by domain events.
 *
 * <p>Not thread-safe on purpose: it lives on one Vert.x event loop, which is the only thread that calls it,
 * so the hot path takes no lock. Events for a call it does not know (it joined mid-call and the resync has
 * not come yet) create the call rather than being lost.
 */
public final class LiveCalls {

    private static final int RECENT_LIMIT = 500;

    private final Map<String, LiveCall> calls = new LinkedHashMap<>();
    private final Set<String> services = new LinkedHashSet<>();
    private final Deque<FinishedCall> recent = new ArrayDeque<>();
    private final List<Consumer<FinishedCall>> finishedListeners = new ArrayList<>();
    private final Counters counters = new Counters();

    public LiveCalls(List<String> knownServices) {
        services.addAll(knownServices);
    }

    public void onFinished(Consumer<FinishedCall> listener) {
        finishedListeners.add(listener);
    }

    /**
     * Another node owns the PBX now and carries these calls on: they leave this node's picture without being finished
     * (a finished call would close its case while the citizen is still on the line).
     */
    public void handOver() {
        calls.clear();
        recent.clear(); // the next owner's to show
    }

    public Counters counters() {
        return counters;
    }

    public void apply(CallEvent event) {
        // Java 17 has no pattern switch; the sealed interface keeps this list complete in review.
        Instant at = event.at();
        if (event instanceof CallEvent.Arrived e) {
            arrived(e.callId(), e.callerNumber(), at);
        } else if (event instanceof CallEvent.CallerNumberKnown e) {
            call(e.callId(), at).callerNumber = e.callerNumber();
        } else if (event instanceof CallEvent.ServiceChosen e) {
            chooseService(call(e.callId(), at), e.service());
        } else if (event instanceof CallEvent.Waiting e) {
            waiting(call(e.callId(), at), e.service(), at);
        } else if (event instanceof CallEvent.ServiceClosed e) {
            LiveCall c = call(e.callId(), at);
            chooseService(c, e.service());
            c.closed = true;
        } else if (event instanceof CallEvent.Parked || event instanceof CallEvent.InPbxQueue) {
            return; // where the citizen waits, not how long: routing's business
        } else if (event instanceof CallEvent.AgentRinging e) {
            ringing(call(e.callId(), at), e.agent(), at);
        } else if (event instanceof CallEvent.RingNoAnswer e) {
            ringNoAnswer(call(e.callId(), at), at);
        } else if (event instanceof CallEvent.Answered e) {
            answered(call(e.callId(), at), e.agent(), at);
        } else if (event instanceof CallEvent.Transferred e) {
            call(e.callId(), at).agent = e.to();
        } else if (event instanceof CallEvent.CallbackRequested e) {
            call(e.callId(), at).callbackRequested = true;
        } else if (event instanceof CallEvent.CallbackDone) {
            return; // the agent's outgoing leg of a callback, not a call into the municipality
        } else if (event instanceof CallEvent.Ended e) {
            finish(e.callId(), at, null);
        } else if (event instanceof CallEvent.Abandoned e) {
            finish(e.callId(), at, FinishedCall.Outcome.ABANDONED);
        }
    }

    /** Takes Asterisk's picture of live calls as the truth after a (re)connect, without duplicating a call. */
    public void apply(LinkEvent.Resynced resync) {
        Map<String, CallSnapshot> fresh = new HashMap<>();
        for (CallSnapshot s : resync.calls()) {
            fresh.put(s.callId(), s);
        }
        List<String> gone = new ArrayList<>();
        for (LiveCall c : calls.values()) {
            if (!fresh.containsKey(c.id)) {
                gone.add(c.id);
            }
        }
        // They ended while the link was down; we cannot know how, so they are closed by what we last saw.
        gone.forEach(id -> finish(id, resync.at(), null));
        for (CallSnapshot s : resync.calls()) {
            LiveCall c = calls.get(s.callId());
            if (c == null) {
                c = new LiveCall(s.callId(), s.callerNumber(), s.arrivedAt());
                calls.put(c.id, c);
                counters.arrived++;
            }
            if (s.callerNumber() != null) {
                c.callerNumber = s.callerNumber();
            }
            if (s.service() != null) {
                chooseService(c, s.service());
            }
            if (c.state != s.state()) {
                c.state = s.state();
                c.stateSince = s.stateSince();
            }
            if (s.state() != CallState.IVR) {
                c.queued = true;
            }
            // What we saw ourselves beats what the lists let us work out.
            if (c.waitingSince == null) {
                c.waitingSince = s.waitingSince();
            }
            if (c.answeredAt == null && s.state() == CallState.TALKING) {
                c.answeredAt = s.answeredAt() != null ? s.answeredAt() : s.stateSince();
                counters.answered++;
            }
            if (s.agent() != null) {
                c.agent = s.agent();
            }
        }
    }

    private void arrived(String id, String number, Instant at) {
        if (!calls.containsKey(id)) {
            calls.put(id, new LiveCall(id, number, at));
            counters.arrived++;
        }
    }

    private LiveCall call(String id, Instant at) {
        LiveCall c = calls.get(id);
        if (c == null) {
            c = new LiveCall(id, null, at);
            calls.put(id, c);
            counters.arrived++;
        }
        return c;
    }

    private void chooseService(LiveCall c, String service) {
        if (service != null && !service.isEmpty()) {
            c.service = service;
            services.add(service);
        }
    }

    private void waiting(LiveCall c, String service, Instant at) {
        chooseService(c, service);
        if (c.state == CallState.TALKING) {
            return; // a late queue event must not un-answer a call
        }
        if (!c.queued) {
            c.queued = true;
            c.waitingSince = at;
        }
        c.moveTo(CallState.WAITING, at);
    }

    private void ringing(LiveCall c, String agent, Instant at) {
        if (!c.queued) {
            c.queued = true;
            c.waitingSince = at;
        }
        c.agent = agent;
        c.offeredTo.add(agent);
        c.moveTo(CallState.RINGING, at);
    }

    private void ringNoAnswer(LiveCall c, Instant at) {
        if (c.state == CallState.RINGING) {
            c.agent = null;
            c.moveTo(CallState.WAITING, at);
        }
    }

    private void answered(LiveCall c, String agent, Instant at) {
        if (c.answeredAt == null) {
            c.answeredAt = at;
            counters.answered++;
        }
        if (!c.queued) {
            c.queued = true;
            c.waitingSince = at;
        }
        c.agent = agent;
        c.moveTo(CallState.TALKING, at);
    }

    private void finish(String id, Instant at, FinishedCall.Outcome forced) {
        LiveCall c = calls.remove(id);
        if (c == null) {
            return;
        }
        FinishedCall.Outcome outcome = forced != null ? forced
                : c.answeredAt != null ? FinishedCall.Outcome.ANSWERED
                : c.closed ? FinishedCall.Outcome.CLOSED
                : c.queued ? FinishedCall.Outcome.ABANDONED
                : FinishedCall.Outcome.ENDED_IN_IVR;
        if (c.answeredAt != null && forced == FinishedCall.Outcome.ABANDONED) {
            outcome = FinishedCall.Outcome.ANSWERED; // a queue abandon notice after an answer is stale
        }
        if (c.callbackRequested && c.answeredAt == null) {
            outcome = FinishedCall.Outcome.CALLBACK;
        }
        switch (outcome) {
            case CALLBACK -> counters.callbacksBooked++;
            case ABANDONED -> counters.abandoned++;
            case ANSWERED -> counters.completed++;
            case ENDED_IN_IVR, CLOSED -> counters.endedInIvr++;
        }
        Duration talked = c.answeredAt == null ? Duration.ZERO : Duration.between(c.answeredAt, at);
        FinishedCall done = new FinishedCall(c.id, c.callerNumber, c.service, outcome,
                outcome == FinishedCall.Outcome.ANSWERED ? c.agent : null, List.copyOf(c.offeredTo),
                c.arrivedAt, c.answeredAt, at, c.waited(at), talked);
        if (recent.size() == RECENT_LIMIT) {
            recent.removeFirst();
        }
        recent.addLast(done);
        finishedListeners.forEach(l -> l.accept(done));
    }

    public int size() {
        return calls.size();
    }

    public List<CallView> calls() {
        List<CallView> out = new ArrayList<>(calls.size());
        calls.values().forEach(c -> out.add(c.view()));
        return out;
    }

    /** One live call (empty when it is not live), e.g. for the screen pop at an agent's desk. */
    public java.util.Optional<CallView> find(String id) {
        LiveCall c = calls.get(id);
        return c == null ? java.util.Optional.empty() : java.util.Optional.of(c.view());
    }

    /** How long the citizen of a live call has waited for an agent until {@code now}; null when not known or not live. */
    public Duration waited(String id, Instant now) {
        LiveCall c = calls.get(id);
        return c == null ? null : c.waited(now);
    }

    public List<FinishedCall> recentlyFinished() {
        return List.copyOf(recent);
    }

    public List<QueueView> queues(Instant now) {
        Map<String, int[]> counts = new TreeMap<>(); // waiting, ringing, talking
        Map<String, Duration> longest = new HashMap<>();
        services.forEach(s -> counts.put(s, new int[3]));
        for (LiveCall c : calls.values()) {
            if (c.service == null || c.state == CallState.IVR) {
                continue;
            }
            int[] n = counts.computeIfAbsent(c.service, s -> new int[3]);
            switch (c.state) {
                case WAITING -> n[0]++;
                case RINGING -> n[1]++;
                case TALKING -> n[2]++;
                default -> { }
            }
            if (c.state != CallState.TALKING) {
                // Not knowing when the wait began, the time in this state is the least it has been.
                Duration waited = c.waitingSince != null ? c.waited(now) : Duration.between(c.stateSince, now);
                longest.merge(c.service, waited, (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        List<QueueView> out = new ArrayList<>(counts.size());
        counts.forEach((s, n) -> out.add(new QueueView(s, n[0] + n[1], longest.getOrDefault(s, Duration.ZERO), n[1], n[2])));
        out.sort(Comparator.comparing(QueueView::service));
        return out;
    }

    /** Running totals since start, for metrics. */
    public static final class Counters {
        long arrived;
        long answered;
        long abandoned;
        long completed;
        long endedInIvr;
        long callbacksBooked;

        /** Calls that ended with the citizen choosing a callback instead of waiting. */
        public long callbacksBooked() {
            return callbacksBooked;
        }

        public long arrived() {
            return arrived;
        }

        public long answered() {
            return answered;
        }

        public long abandoned() {
            return abandoned;
        }

        public long endedInIvr() {
            return endedInIvr;
        }
    }
}
