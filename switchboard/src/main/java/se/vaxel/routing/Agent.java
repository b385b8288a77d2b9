package se.vaxel.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * One agent's state machine: logged out, available, ringing, on call, wrap-up (timed after-call work) and
 * paused with a reason. Each transition is checked (a wrong one is refused with a message that says
 * why, for the desk to show) and published as an {@link AgentStateChanged}. Missed rings are counted; after
 * the configured number in a row the agent is paused with the reason "missed call", so a citizen is not
 * offered to an empty desk again and again. Not thread-safe: one owner.
 */
public final class Agent {

    public static final String MISSED_CALL = "missed call";

    private final AgentProfile profile;
    private final Consumer<AgentStateChanged> events;
    private final int missesBeforePause;
    private AgentStatus status = AgentStatus.LOGGED_OUT;
    private Instant since;
    private Instant idleSince;
    private String pauseReason;
    private String callId;
    private Instant wrapUpEnds;
    private int callsToday;
    private int missesInRow;

    public Agent(AgentProfile profile, int missesBeforePause, Instant now, Consumer<AgentStateChanged> events) {
        this.profile = profile;
        this.missesBeforePause = missesBeforePause;
        this.events = events;
        this.since = now;
    }

    public AgentProfile profile() {
        return profile;
    }

    public AgentStatus status() {
        return status;
    }

    public Instant since() {
        return since;
    }

    public String pauseReason() {
        return pauseReason;
    }

    public String callId() {
        return callId;
    }

    public int callsToday() {
        return callsToday;
    }

    public Instant wrapUpEnds() {
        return wrapUpEnds;
    }

    /** What routing sees of this agent while available. */
    public AvailableAgent asAvailable() {
        return new AvailableAgent(profile.id(), profile.skills(), idleSince, callsToday);
    }

    /** What the next owner of the PBX carries on from. */
    public AgentPresence presence() {
        return new AgentPresence(profile.id(), status, pauseReason, since, idleSince, wrapUpEnds, callsToday);
    }

    /**
     * This node no longer routes the PBX: the agent is out of this node's picture (the next owner has them), without
     * the checks of a log-out, since a call may be on their phone.
     */
    void handOver(Instant at) {
        missesInRow = 0;
        pauseReason = null;
        if (status != AgentStatus.LOGGED_OUT) {
            move(AgentStatus.LOGGED_OUT, "another node routes the PBX now", null, at);
        }
    }

    /**
     * Carries on from the previous owner's picture: logged out here before. Ringing and on-call become available here
     * (the resync that follows finds their call and holds them); wrap-up keeps its end, a pause its reason.
     */
    void carryOver(AgentPresence p, Instant at) {
        require(AgentStatus.LOGGED_OUT, "carry over");
        callsToday = p.callsToday();
        String why = "carried over from the PBX's previous owner";
        switch (p.status()) {
            case LOGGED_OUT -> { }
            case PAUSED -> {
                pauseReason = p.pauseReason() == null ? why : p.pauseReason();
                move(AgentStatus.PAUSED, pauseReason, null, at);
            }
            case WRAP_UP -> {
                wrapUpEnds = p.wrapUpEnds() == null ? at : p.wrapUpEnds();
                move(AgentStatus.WRAP_UP, why, null, at);
            }
            default -> {
                idleSince = p.idleSince() == null ? at : p.idleSince();
                move(AgentStatus.AVAILABLE, why, null, at);
            }
        }
    }

    public void logIn(Instant at) {
        require(AgentStatus.LOGGED_OUT, "log in");
        missesInRow = 0;
        becomeAvailable(at, "logged in");
    }

    public void logOut(Instant at) {
        if (status == AgentStatus.RINGING || status == AgentStatus.ON_CALL) {
            throw refused("log out", "a call is " + (status == AgentStatus.RINGING ? "ringing" : "in progress"));
        }
        if (status != AgentStatus.LOGGED_OUT) {
            move(AgentStatus.LOGGED_OUT, "logged out", null, at);
        }
    }

    /** Routing offers this agent a citizen's call: their phone starts ringing. */
    public void offer(String call, Instant at) {
        require(AgentStatus.AVAILABLE, "offer a call to");
        move(AgentStatus.RINGING, "offered", call, at);
    }

    public void answered(Instant at) {
        require(AgentStatus.RINGING, "answer");
        missesInRow = 0;
        callsToday++;
        move(AgentStatus.ON_CALL, "answered", callId, at);
    }

    /** The ring went unanswered (or the phone was busy): back to available, or paused after too many. */
    public void missed(Instant at) {
        require(AgentStatus.RINGING, "miss");
        missesInRow++;
        if (missesInRow >= missesBeforePause) {
            pauseReason = MISSED_CALL;
            move(AgentStatus.PAUSED, MISSED_CALL, callId, at);
        } else {
            becomeAvailable(at, "ring not answered");
        }
    }

    /** The offer is withdrawn through no fault of the agent (the citizen hung up, the Redirect failed). */
    public void offerWithdrawn(String reason, Instant at) {
        require(AgentStatus.RINGING, "withdraw the offer to");
        becomeAvailable(at, reason);
    }

    /** The citizen's call ended: after-call work until {@code wrapUp} has passed or the agent ends it. */
    public void callEnded(Duration wrapUp, Instant at) {
        require(AgentStatus.ON_CALL, "end the call of");
        wrapUpEnds = at.plus(wrapUp);
        move(AgentStatus.WRAP_UP, "call ended", callId, at);
    }

    /** The agent ends wrap-up early, or its time is up. */
    public void endWrapUp(Instant at) {
        require(AgentStatus.WRAP_UP, "end wrap-up of");
        becomeAvailable(at, at.isBefore(wrapUpEnds) ? "wrap-up ended" : "wrap-up time over");
    }

    public void pause(String reason, Instant at) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a pause needs a reason (e.g. lunch, meeting)");
        }
        if (status != AgentStatus.AVAILABLE && status != AgentStatus.WRAP_UP && status != AgentStatus.PAUSED) {
            throw refused("pause", "the agent is " + status.wireName().replace('_', ' '));
        }
        pauseReason = reason;
        move(AgentStatus.PAUSED, reason, null, at);
    }

    public void resume(Instant at) {
        require(AgentStatus.PAUSED, "resume");
        missesInRow = 0;
        becomeAvailable(at, "resumed");
    }

    private void becomeAvailable(Instant at, String reason) {
        idleSince = at;
        pauseReason = null;
        move(AgentStatus.AVAILABLE, reason, null, at);
    }

    private void move(AgentStatus to, String reason, String call, Instant at) {
        AgentStatus from = status;
        status = to;
        since = at;
        callId = call;
        if (to != AgentStatus.WRAP_UP) {
            wrapUpEnds = null;
        }
        events.accept(new AgentStateChanged(profile.id(), from, to, reason, call, at));
    }

    private void require(AgentStatus expected, String what) {
        if (status != expected) {
            throw refused(what, "the agent is " + status.wireName().replace('_', ' ') + ", not " + expected.wireName().replace('_', ' '));
        }
    }

    private IllegalStateException refused(String what, String why) {
        return new IllegalStateException("cannot " + what + " " + profile.id() + ": " + why);
    }
}
