package se.vaxel.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The contact centre's ACD: who waits, which agents are free, and who answers whom next.
 *
 * <p>Fairness is by construction. Within a service citizens are served in order of a rank: the time they
 * first queued, moved earlier by a fixed head start per priority level. Only the head of each service is
 * ever considered, so nobody overtakes within a service except by that documented priority, and as the
 * head start is bounded, a citizen's rank is eventually earlier than every newcomer's: no starvation. A
 * citizen who comes back (a missed ring, a callback) keeps their rank, so keeps their place.
 *
 * <p>Across services, the heads are tried in rank order and each takes the best free agent its rule
 * allows, so the citizen who has waited longest (by rank) among those who can be served goes first. Free
 * agents sit in sorted indexes per skill and selection, so a decision costs a few tree look-ups per
 * service, independent of how many wait. Not thread-safe: one owner, like the live state.
 */
public final class RoutingEngine {

    private final Map<String, RoutingRule> rules = new HashMap<>();
    private final long headStartMillis;
    private final Comparator<WaitingCitizen> byRank;
    private final Map<String, NavigableSet<WaitingCitizen>> waiting = new HashMap<>();
    private final Map<String, WaitingCitizen> waitingByCall = new HashMap<>();
    private final Map<String, AvailableAgent> available = new HashMap<>();
    /** Free agents per "skill|selection" that some rule uses. */
    private final Map<String, NavigableSet<AvailableAgent>> indexes = new HashMap<>();

    public RoutingEngine(List<RoutingRule> rules, Duration priorityHeadStart) {
        this.headStartMillis = priorityHeadStart.toMillis();
        this.byRank = Comparator.comparingLong(this::rank).thenComparingLong(WaitingCitizen::place)
                .thenComparing(WaitingCitizen::callId);
        for (RoutingRule r : rules) {
            this.rules.put(r.service(), r);
            waiting.put(r.service(), new TreeSet<>(byRank));
            index(r.skill(), r.selection());
            r.overflowSkills().forEach(s -> index(s, r.selection()));
        }
    }

    private void index(String skill, AgentSelection selection) {
        indexes.computeIfAbsent(key(skill, selection), k -> new TreeSet<>(order(skill, selection)));
    }

    private static String key(String skill, AgentSelection selection) {
        return skill + "|" + selection;
    }

    private static Comparator<AvailableAgent> order(String skill, AgentSelection selection) {
        Comparator<AvailableAgent> idle = Comparator.comparing(AvailableAgent::idleSince);
        Comparator<AvailableAgent> first = switch (selection) {
            case SKILL_LEVEL_FIRST -> Comparator.<AvailableAgent>comparingInt(a -> -a.level(skill)).thenComparing(idle);
            case LONGEST_IDLE -> idle;
            case LEAST_CALLS_TODAY -> Comparator.comparingInt(AvailableAgent::callsToday).thenComparing(idle);
        };
        return first.thenComparing(AvailableAgent::id);
    }

    /** Earlier is better: when they queued, less the head start their priority gives. */
    private long rank(WaitingCitizen w) {
        return w.queuedAt().toEpochMilli() - w.priority() * headStartMillis;
    }

    /** A citizen starts (or, keeping their rank, resumes) waiting. An unknown service is refused. */
    public void enqueue(WaitingCitizen citizen) {
        NavigableSet<WaitingCitizen> queue = waiting.get(citizen.service());
        if (queue == null) {
            throw new IllegalArgumentException("no routing rule for service '" + citizen.service() + "'");
        }
        remove(citizen.callId());
        queue.add(citizen);
        waitingByCall.put(citizen.callId(), citizen);
    }

    /** The citizen is no longer waiting (hung up, taken by a fallback queue). */
    public Optional<WaitingCitizen> remove(String callId) {
        WaitingCitizen w = waitingByCall.remove(callId);
        if (w != null) {
            waiting.get(w.service()).remove(w);
        }
        return Optional.ofNullable(w);
    }

    /** The agent is free to take a call; a second call updates what routing knows of them. */
    public void agentAvailable(AvailableAgent agent) {
        agentBusy(agent.id());
        available.put(agent.id(), agent);
        forEachIndexOf(agent, set -> set.add(agent));
    }

    /** The agent is no longer free (offered a call, talking, paused, logged out, phone busy). */
    public void agentBusy(String agentId) {
        AvailableAgent agent = available.remove(agentId);
        if (agent != null) {
            forEachIndexOf(agent, set -> set.remove(agent));
        }
    }

    private void forEachIndexOf(AvailableAgent agent, java.util.function.Consumer<NavigableSet<AvailableAgent>> action) {
        for (String skill : agent.skills().keySet()) {
            for (AgentSelection selection : AgentSelection.values()) {
                NavigableSet<AvailableAgent> set = indexes.get(key(skill, selection));
                if (set != null) {
                    action.accept(set);
                }
            }
        }
    }

    /**
     * The next connection to make, if any: the head citizen of earliest rank who has a free agent under
     * their service's rule. It changes nothing; {@link #assign} does.
     */
    public Optional<RoutingDecision> next(Instant now) {
        List<WaitingCitizen> heads = new ArrayList<>(waiting.size());
        for (NavigableSet<WaitingCitizen> queue : waiting.values()) {
            if (!queue.isEmpty()) {
                heads.add(queue.first());
            }
        }
        heads.sort(byRank);
        for (WaitingCitizen head : heads) {
            RoutingRule rule = rules.get(head.service());
            AvailableAgent agent = first(rule.skill(), rule.selection());
            if (agent != null) {
                return Optional.of(new RoutingDecision(head, agent, false));
            }
            if (rule.overflowAfter() != null && !head.queuedAt().plus(rule.overflowAfter()).isAfter(now)) {
                for (String skill : rule.overflowSkills()) {
                    agent = first(skill, rule.selection());
                    if (agent != null) {
                        return Optional.of(new RoutingDecision(head, agent, true));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private AvailableAgent first(String skill, AgentSelection selection) {
        NavigableSet<AvailableAgent> set = indexes.get(key(skill, selection));
        return set == null || set.isEmpty() ? null : set.first();
    }

    /** Commits a decision: the citizen leaves the queue and the agent is no longer free. */
    public void assign(RoutingDecision decision) {
        remove(decision.citizen().callId());
        agentBusy(decision.agent().id());
    }

    public boolean isWaiting(String callId) {
        return waitingByCall.containsKey(callId);
    }

    public int waitingCount() {
        return waitingByCall.size();
    }

    public int waitingCount(String service) {
        NavigableSet<WaitingCitizen> queue = waiting.get(service);
        return queue == null ? 0 : queue.size();
    }

    public int availableCount() {
        return available.size();
    }

    /** Every citizen waiting for a service, in the order they will be served, with their 1-based position. */
    public void forEachWaiting(String service, java.util.function.ObjIntConsumer<WaitingCitizen> action) {
        NavigableSet<WaitingCitizen> queue = waiting.get(service);
        if (queue == null) {
            return;
        }
        int position = 0;
        for (WaitingCitizen w : queue) {
            action.accept(w, ++position);
        }
    }

    /** Position (1-based) of a waiting citizen in their service's queue, or 0 if not waiting. */
    public int position(String callId) {
        WaitingCitizen w = waitingByCall.get(callId);
        return w == null ? 0 : waiting.get(w.service()).headSet(w, true).size();
    }
}
