package se.vaxel.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.vaxel.calls.QueueView;
import se.vaxel.routing.Agent;
import se.vaxel.routing.AgentStatus;
import se.vaxel.routing.Service;

/**
 * Each service queue right now: citizens waiting, the longest wait, open or not, its target, and its agents by
 * state. Read from the live state in one pass when a scrape (or the wallboard) asks, on the switchboard's event loop
 * that owns that state; the gauges then read the figures of that pass.
 */
final class QueueGauges {

    /** One queue now. */
    record Now(int waiting, double longestWaitSeconds, boolean open, Map<AgentStatus, Integer> agents) {}

    private final List<Service> services;
    private volatile Map<String, Now> now = Map.of();

    QueueGauges(MeterRegistry registry, List<Service> services) {
        this.services = List.copyOf(services);
        for (Service s : services) {
            String q = s.id();
            Gauge.builder("vaxel_queue_waiting_calls", this, g -> g.of(q).waiting()).tag("queue", q)
                    .description("Citizens waiting in the queue now").register(registry);
            Gauge.builder("vaxel_queue_longest_wait_seconds", this, g -> g.of(q).longestWaitSeconds()).tag("queue", q)
                    .description("The longest current wait in the queue").register(registry);
            Gauge.builder("vaxel_queue_open", this, g -> g.of(q).open() ? 1 : 0).tag("queue", q)
                    .description("1 within the service's opening hours, else 0").register(registry);
            Gauge.builder("vaxel_queue_service_level_target_ratio", s, x -> x.target().share()).tag("queue", q)
                    .description("The share of calls the queue aims to answer within its target time").register(registry);
            Gauge.builder("vaxel_queue_service_level_target_seconds", s, x -> x.target().within().toMillis() / 1000.0).tag("queue", q)
                    .description("The queue's service level time: the wait within which an answer counts as on target").register(registry);
            for (AgentStatus state : AgentStatus.values()) {
                Gauge.builder("vaxel_agents", this, g -> g.of(q).agents().getOrDefault(state, 0)).tag("queue", q)
                        .tag("state", state.wireName()).description("Agents with the queue's skill, by state").register(registry);
            }
        }
    }

    /** Reads the live state now: call on the event loop that owns it. */
    void refresh(Collection<QueueView> queues, Collection<Agent> agents, Instant at) {
        Map<String, QueueView> views = new HashMap<>();
        queues.forEach(v -> views.put(v.service(), v));
        Map<String, Now> next = new HashMap<>();
        for (Service s : services) {
            QueueView v = views.get(s.id());
            Map<AgentStatus, Integer> byState = new EnumMap<>(AgentStatus.class);
            for (Agent a : agents) {
                if (s.skill() == null || a.profile().skills().containsKey(s.skill())) {
                    byState.merge(a.status(), 1, Integer::sum);
                }
            }
            next.put(s.id(), new Now(v == null ? 0 : v.waiting(), v == null ? 0 : v.longestWait().toMillis() / 1000.0,
                    s.hours() == null || s.hours().isOpen(at), Map.copyOf(byState)));
        }
        now = Map.copyOf(next);
    }

    /** The queue as the last refresh saw it. */
    Now of(String queue) {
        Now n = now.get(queue);
        return n != null ? n : new Now(0, 0, false, Map.of());
    }
}
