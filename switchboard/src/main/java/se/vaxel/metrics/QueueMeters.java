package se.vaxel.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The Prometheus meters of each service queue (README.md's catalogue), made the first time a queue needs them.
 * The queues are the configured services (made at start, so that a quiet queue shows zeros rather than nothing)
 * and app_queue queues the PBX has, so the label stays bounded.
 */
final class QueueMeters {

    /** Wait buckets: the usual service-level times, plus each queue's own target. */
    static final Duration[] WAIT_BUCKETS = seconds(5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1200);
    private static final Duration[] RING_BUCKETS = seconds(2, 5, 10, 15, 20, 30, 45, 60);
    private static final Duration[] TALK_BUCKETS = seconds(30, 60, 120, 180, 300, 600, 900, 1200, 1800, 3600);
    private static final Duration[] AFTER_CALL_BUCKETS = seconds(10, 30, 60, 120, 180, 300, 600);

    /** One queue's meters. */
    record Queue(Counter offered, Counter answered, Counter answeredWithinTarget, Counter abandoned, Counter abandonedShort,
            Counter fallback, Counter transferred, Counter callbacksBooked, Counter callbacksCompleted, Timer waitAnswered,
            Timer waitAbandoned, Timer ring, Timer talk, Timer afterCall) {}

    private final MeterRegistry registry;
    private final Function<String, Duration> targetOf;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final Map<String, Counter> resolutions = new ConcurrentHashMap<>();

    /** @param targetOf a queue's service-level time (the wait within which an answer counts as on target) */
    QueueMeters(MeterRegistry registry, Function<String, Duration> targetOf) {
        this.registry = registry;
        this.targetOf = targetOf;
    }

    Queue of(String queue) {
        return queues.computeIfAbsent(queue, this::make);
    }

    /** A resolution an agent recorded for a case of the queue. */
    Counter resolved(String queue, String resolution) {
        return resolutions.computeIfAbsent(queue + '\n' + resolution, k -> Counter.builder("vaxel_cases_resolved")
                .description("Resolutions agents recorded for the queue's cases (the first recorded for each case)")
                .tag("queue", queue).tag("resolution", resolution).register(registry));
    }

    private Queue make(String q) {
        Duration target = targetOf.apply(q);
        return new Queue(
                counter("vaxel_calls_offered", q, "Calls that entered the queue"),
                counter("vaxel_calls_answered", q, "Calls of the queue answered by an agent"),
                counter("vaxel_calls_answered_within_target", q, "Calls answered with a wait within the queue's service level time"),
                counter("vaxel_calls_abandoned", q, "Citizens who hung up while waiting in the queue (or while an agent's phone rang)"),
                counter("vaxel_calls_abandoned_short", q, "Abandoned within the short-abandon time: misdials, not counted against the service"),
                counter("vaxel_calls_fallback", q, "Calls the PBX's own queue (app_queue) took: observe mode, or Växel silent"),
                counter("vaxel_calls_transferred_to_back_office", q, "Cases of the queue's calls transferred to a department as a matter"),
                counter("vaxel_callbacks_booked", q, "Citizens who chose a callback instead of waiting"),
                counter("vaxel_callbacks_completed", q, "Callbacks that reached the citizen"),
                Timer.builder("vaxel_wait").tag("queue", q).tag("outcome", "answered").serviceLevelObjectives(withTarget(target))
                        .description("Wait in the queue until answered or abandoned").register(registry),
                Timer.builder("vaxel_wait").tag("queue", q).tag("outcome", "abandoned").serviceLevelObjectives(withTarget(target))
                        .description("Wait in the queue until answered or abandoned").register(registry),
                timer("vaxel_ring", q, RING_BUCKETS, "How long agents' phones rang before an answer or none"),
                timer("vaxel_talk", q, TALK_BUCKETS, "Answered to hung up"),
                timer("vaxel_after_call", q, AFTER_CALL_BUCKETS, "Wrap-up: hung up until the agent is ready again"));
    }

    private Counter counter(String name, String queue, String description) {
        return Counter.builder(name).tag("queue", queue).description(description).register(registry);
    }

    private Timer timer(String name, String queue, Duration[] buckets, String description) {
        return Timer.builder(name).tag("queue", queue).serviceLevelObjectives(buckets).description(description).register(registry);
    }

    private static Duration[] withTarget(Duration target) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(WAIT_BUCKETS), java.util.stream.Stream.of(target))
                .distinct().sorted().toArray(Duration[]::new);
    }

    private static Duration[] seconds(long... s) {
        return java.util.Arrays.stream(s).mapToObj(Duration::ofSeconds).toArray(Duration[]::new);
    }
}
