package se.vaxel.cluster;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.cluster.OwnershipEvent.Why;

/**
 * One node's bid for one PBX: acquires the lease when it can, renews it while it holds it, and steps down the moment
 * a renewal fails or its local deadline passes. Everything but {@link #token()} runs on the ownership's one thread.
 * <p>
 * The deadline is the time the request was sent plus {@link OwnershipSettings#actFor()} (TTL minus margin), on this
 * node's monotonic clock: the map's expiry is the time the partition owner applied it, later, plus the TTL, so this
 * node stops at least the margin before anyone else can be granted the lease. An answer that arrives after its
 * deadline is ignored; a grant or renewal only counts once every backup has it (Hazelcast answers a write after its
 * synchronous backups, or after the backup timeout, which is longer than the deadline).
 */
final class Contender {

    private static final Logger log = LoggerFactory.getLogger(Contender.class);
    /** Asking again just after a lease's remaining time, not exactly at it. */
    private static final long SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** The ownership this node acts on, until {@code deadline} ({@link System#nanoTime()}). */
    private record Held(long token, long deadline) {}

    private final String pbx;
    private final String contender;
    private final Supplier<String> member;
    private final LeaseStore store;
    private final ScheduledExecutorService thread;
    private final Executor hop;
    private final Consumer<OwnershipEvent> events;
    private final long actForNanos;
    private final long renewNanos;
    private final long ttlNanos;

    private volatile Held held;
    private long asked;
    private long inFlightSince;
    private boolean inFlight;
    private boolean stopped;
    private ScheduledFuture<?> next;
    private ScheduledFuture<?> expiry;

    Contender(String pbx, String contender, Supplier<String> member, LeaseStore store, ScheduledExecutorService thread,
            Executor hop, Consumer<OwnershipEvent> events, OwnershipSettings settings) {
        this.pbx = pbx;
        this.contender = contender;
        this.member = member;
        this.store = store;
        this.thread = thread;
        this.hop = hop;
        this.events = events;
        this.actForNanos = settings.actFor().toNanos();
        this.renewNanos = settings.renewEvery().toNanos();
        this.ttlNanos = settings.ttl().toNanos();
    }

    /** Any thread, no network: the token while this node owns the PBX and its deadline has not passed. */
    OptionalLong token() {
        Held h = held;
        return h != null && System.nanoTime() - h.deadline < 0 ? OptionalLong.of(h.token) : OptionalLong.empty();
    }

    void start() {
        askIn(0);
    }

    /**
     * A member left: if this node does not own the PBX, the owner may have been that member; ask now, even with a
     * request on its way (it may have gone to that member, and Hazelcast retries it only after a pause).
     */
    void memberLeft() {
        askAgainNow();
    }

    /** The lease was given up somewhere: ask now rather than at the next attempt. */
    void released() {
        askAgainNow();
    }

    private void askAgainNow() {
        if (held == null && !stopped) {
            cancel(next);
            send();
        }
    }

    /** Stops contending; if this node owned the PBX, it stops acting first (event {@code Lost}), then releases. */
    CompletionStage<?> stop() {
        stopped = true;
        cancel(next);
        Held h = held;
        if (h == null) {
            return CompletableFuture.completedFuture(null);
        }
        stepDown(Why.RELEASED, "this node is stopping");
        return store.submit(pbx, new LeaseRequest.Release(contender, h.token));
    }

    private void askIn(long nanos) {
        if (stopped) {
            return;
        }
        cancel(next);
        next = thread.schedule(this::ask, Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    private void ask() {
        if (stopped) {
            return;
        }
        // One request at a time; one unanswered for a whole TTL (a partition owner gone silent) no longer holds the next up.
        if (inFlight && System.nanoTime() - inFlightSince < ttlNanos) {
            askIn(renewNanos);
            return;
        }
        send();
    }

    /** Sends the request the state calls for; an answer to an earlier one is ignored from now on. */
    private void send() {
        long sent = System.nanoTime();
        Held h = held;
        LeaseRequest request = h == null ? new LeaseRequest.Acquire(contender, member.get()) : new LeaseRequest.Renew(contender, h.token);
        long id = ++asked;
        inFlight = true;
        inFlightSince = sent;
        CompletionStage<LeaseAnswer> answer;
        try {
            answer = store.submit(pbx, request);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenCompleteAsync((a, failure) -> answered(id, sent, a, failure), hop);
    }

    private void answered(long id, long sent, LeaseAnswer answer, Throwable failure) {
        if (id != asked || stopped) {
            return; // a later request superseded this one
        }
        inFlight = false;
        long now = System.nanoTime();
        long deadline = sent + actForNanos;
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            boolean quorum = cause instanceof SplitBrainProtectionException;
            if (held != null) {
                stepDown(quorum ? Why.NO_QUORUM : Why.FAILED, "the renewal failed: " + cause);
            } else if (!(cause instanceof HazelcastInstanceNotActiveException) && !quorum) {
                log.debug("PBX {}: acquire failed: {}", pbx, cause.toString());
            }
            askIn(renewNanos);
        } else if (answer instanceof LeaseAnswer.Granted g) {
            if (now - deadline >= 0) {
                log.info("PBX {}: the grant of token {} came too late to act on; asking again", pbx, g.token());
                askIn(0); // the map names this node: it takes the lease back with a new token
                return;
            }
            hold(g.token(), deadline, sent);
            log.info("PBX {}: this node owns it, token {}", pbx, g.token());
            events.accept(new OwnershipEvent.Acquired(pbx, g.token()));
        } else if (answer instanceof LeaseAnswer.Renewed r) {
            Held h = held;
            if (h == null || h.token != r.token()) {
                askIn(0); // stepped down while it was on its way
            } else if (now - h.deadline >= 0) {
                // Answered after the deadline it was meant to extend: fence already says no, and stays so for this token.
                stepDown(Why.EXPIRED, "the renewal was answered after the deadline");
                askIn(0);
            } else {
                hold(r.token(), deadline, sent);
            }
        } else if (answer instanceof LeaseAnswer.Refused f) {
            stepDown(Why.REFUSED, "the lease is member " + f.holderMember() + "'s under token " + f.token());
            askIn(f.remainingNanos() + SLACK_NANOS);
        } else if (answer instanceof LeaseAnswer.NoQuorum q) {
            stepDown(Why.NO_QUORUM, q.members() + " members seen, the quorum is " + q.quorum());
            askIn(renewNanos);
        }
    }

    private void hold(long token, long deadline, long sent) {
        held = new Held(token, deadline);
        cancel(expiry);
        expiry = thread.schedule(this::expire, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        askIn(sent + renewNanos - System.nanoTime());
    }

    private void expire() {
        Held h = held;
        if (h != null && System.nanoTime() - h.deadline >= 0) {
            stepDown(Why.EXPIRED, "no renewal in time");
            askIn(0);
        }
    }

    /** Ends this node's ownership, if it has one: {@code fence} is false from here on; then the listeners hear it. */
    private void stepDown(Why why, String detail) {
        Held h = held;
        if (h == null) {
            return;
        }
        held = null;
        cancel(expiry);
        if (why == Why.RELEASED) {
            log.info("PBX {}: released (token {})", pbx, h.token);
        } else {
            log.warn("PBX {}: this node no longer owns it (token {}), {}: {}", pbx, h.token, why, detail);
        }
        events.accept(new OwnershipEvent.Lost(pbx, h.token, why));
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }
}
