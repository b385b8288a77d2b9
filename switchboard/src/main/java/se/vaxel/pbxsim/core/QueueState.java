package se.vaxel.pbxsim.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import se.vaxel.pbxsim.conf.QueueDef;

/** The live state of one app_queue queue: members, waiting callers, statistics. Core thread only. */
public final class QueueState {

    final QueueDef def;
    final List<Member> members = new ArrayList<>();
    final List<QueueCaller> callers = new ArrayList<>();
    int completed;
    int abandoned;
    int completedInSl;
    long holdTotalS;
    long talkTotalS;
    int rrNext;

    QueueState(QueueDef def) {
        this.def = def;
    }

    public String name() {
        return def.name();
    }

    public int callerCount() {
        return callers.size();
    }

    public List<Member> members() {
        return members;
    }

    /** One queue member (static from queues.conf or added with QueueAdd). */
    public static final class Member {
        final String iface;
        final String name;
        final String stateInterface;
        final int penalty;
        final boolean dynamic;
        boolean paused;
        String pausedReason = "";
        int callsTaken;
        long lastCallS;
        long lastPauseS;
        final long loginTimeS;
        boolean inCall;
        long wrapupUntilMs;
        /** The caller whose attempt rings this member right now, if any. */
        QueueCaller ringingFor;

        Member(String iface, String name, String stateInterface, int penalty, boolean dynamic, long loginTimeS) {
            this.iface = iface;
            this.name = name;
            this.stateInterface = stateInterface;
            this.penalty = penalty;
            this.dynamic = dynamic;
            this.loginTimeS = loginTimeS;
        }

        public String iface() {
            return iface;
        }

        public boolean paused() {
            return paused;
        }
    }

    /** A channel waiting in the queue. */
    static final class QueueCaller {
        final Channel ch;
        final long joinedMs;
        final int originalPosition;
        final List<Ring> rings = new ArrayList<>();
        ScheduledFuture<?> ringTimer;
        ScheduledFuture<?> retryTimer;
        ScheduledFuture<?> queueTimer;
        boolean retryPending;
        int linearNext;

        QueueCaller(Channel ch, long joinedMs, int originalPosition) {
            this.ch = ch;
            this.joinedMs = joinedMs;
            this.originalPosition = originalPosition;
        }
    }

    /** One member's phone being rung for a caller. */
    record Ring(Member member, Channel callee, long startMs) {
    }
}
