package se.vaxel.wallboard;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import se.vaxel.routing.Agent;
import se.vaxel.routing.AgentStateChanged;
import se.vaxel.routing.AgentStatus;

/**
 * The agents' occupancy today (metrics README): time on call and in wrap-up over the time available, ringing, on
 * call and in wrap-up, since local midnight. Finished stretches of each state are summed from the agents' changes
 * (a stretch that began before midnight counts from midnight); the states agents are in now count up to the read.
 * The Prometheus counter ({@code vaxel_agent_state_seconds_total}) counts since start; the wallboard's day starts at
 * midnight. On the switchboard's event loop only.
 */
final class Occupancy {

    private final ZoneId zone;
    private final Map<AgentStatus, Double> finished = new EnumMap<>(AgentStatus.class);
    /** When each agent's present state began, as their last change said. */
    private final Map<String, Instant> since = new HashMap<>();
    private LocalDate day;
    private Instant dayStart;

    Occupancy(ZoneId zone, Instant now, Collection<Agent> agents) {
        this.zone = zone;
        startDay(now);
        agents.forEach(a -> since.put(a.profile().id(), a.since()));
    }

    void on(AgentStateChanged change) {
        roll(change.at());
        Instant from = since.put(change.agentId(), change.at());
        if (from != null) {
            add(finished, change.from(), from, change.at());
        }
    }

    /** Occupancy today up to {@code now}, agents' present states included; empty before anyone was available. */
    OptionalDouble today(Collection<Agent> agents, Instant now) {
        roll(now);
        Map<AgentStatus, Double> total = new EnumMap<>(finished);
        for (Agent a : agents) {
            add(total, a.status(), since.getOrDefault(a.profile().id(), a.since()), now);
        }
        double busy = seconds(total, AgentStatus.ON_CALL) + seconds(total, AgentStatus.WRAP_UP);
        double working = busy + seconds(total, AgentStatus.AVAILABLE) + seconds(total, AgentStatus.RINGING);
        return working > 0 ? OptionalDouble.of(busy / working) : OptionalDouble.empty();
    }

    private void add(Map<AgentStatus, Double> to, AgentStatus state, Instant from, Instant until) {
        Instant start = from.isBefore(dayStart) ? dayStart : from;
        if (until.isAfter(start)) {
            to.merge(state, Duration.between(start, until).toNanos() / 1e9, Double::sum);
        }
    }

    private static double seconds(Map<AgentStatus, Double> m, AgentStatus s) {
        return m.getOrDefault(s, 0.0);
    }

    private void roll(Instant at) {
        if (at.atZone(zone).toLocalDate().isAfter(day)) {
            startDay(at);
        }
    }

    private void startDay(Instant at) {
        day = at.atZone(zone).toLocalDate();
        dayStart = day.atStartOfDay(zone).toInstant();
        finished.clear();
    }
}
