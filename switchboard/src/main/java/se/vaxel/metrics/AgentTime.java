package se.vaxel.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import se.vaxel.routing.AgentStateChanged;
import se.vaxel.routing.AgentStatus;

/**
 * The time agents spent in each state, for occupancy: {@code vaxel_agent_state_seconds_total{state}}. A scrape adds
 * the time of the states agents are in now, so a long call counts as it goes rather than all at once when it
 * ends; the total still only grows, since that running part moves into the finished part when the state changes.
 */
final class AgentTime {

    private record Current(AgentStatus state, Instant since) {}

    private final Clock clock;
    private final Map<AgentStatus, Double> finished = new EnumMap<>(AgentStatus.class);
    private final Map<String, Current> current = new HashMap<>();

    AgentTime(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        for (AgentStatus state : AgentStatus.values()) {
            if (state != AgentStatus.LOGGED_OUT) {
                FunctionCounter.builder("vaxel_agent_state_seconds", this, t -> t.seconds(state)).tag("state", state.wireName())
                        .description("Time agents spent in the state (for occupancy)").register(registry);
            }
        }
    }

    /** On the event loop, as routing reports each change. */
    synchronized void on(AgentStateChanged change) {
        Current was = current.put(change.agentId(), new Current(change.to(), change.at()));
        if (was != null && !change.at().isBefore(was.since())) {
            finished.merge(was.state(), Duration.between(was.since(), change.at()).toNanos() / 1e9, Double::sum);
        }
    }

    /** Synchronized because a scrape may come from another thread than routing's. */
    synchronized double seconds(AgentStatus state) {
        Instant now = clock.instant();
        double running = current.values().stream().filter(c -> c.state() == state && now.isAfter(c.since()))
                .mapToDouble(c -> Duration.between(c.since(), now).toNanos() / 1e9).sum();
        return finished.getOrDefault(state, 0.0) + running;
    }
}
