package se.vaxel.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import se.vaxel.routing.AgentSelection;
import se.vaxel.routing.AvailableAgent;
import se.vaxel.routing.RoutingDecision;
import se.vaxel.routing.RoutingEngine;
import se.vaxel.routing.RoutingRule;
import se.vaxel.routing.WaitingCitizen;

/**
 * One routing decision with 2,000 agents and 10,000 waiting citizens across 20 services: find the next
 * connection, commit it, and put the agent and a new citizen back so the sizes stay put. Sample-time mode,
 * so JMH prints the percentiles (p99 is the figure the routing issue asks for). Run:
 * {@code mvn -B -Pbench -pl switchboard -am -DskipTests test -Dbench.main=org.openjdk.jmh.Main -Dbench.args=RoutingDecisionBench}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingDecisionBench {

    private static final int SERVICES = 20;
    private static final int AGENTS = 2_000;
    private static final int WAITING = 10_000;

    private RoutingEngine engine;
    private Random random;
    private long place;
    private Instant now;

    @Setup(Level.Iteration)
    public void setUp() {
        random = new Random(2026);
        List<RoutingRule> rules = new ArrayList<>();
        for (int s = 0; s < SERVICES; s++) {
            AgentSelection selection = AgentSelection.values()[s % AgentSelection.values().length];
            rules.add(new RoutingRule("service-" + s, "skill-" + s, selection, Duration.ofSeconds(120),
                    List.of("skill-" + ((s + 1) % SERVICES))));
        }
        engine = new RoutingEngine(rules, Duration.ofSeconds(60));
        now = Instant.parse("2026-11-23T08:00:00Z");
        for (int i = 0; i < WAITING; i++) {
            engine.enqueue(newCitizen("c" + i, now.minusMillis(random.nextInt(600_000))));
        }
        for (int a = 0; a < AGENTS; a++) {
            engine.agentAvailable(newAgent("a" + a));
        }
    }

    private WaitingCitizen newCitizen(String id, Instant queuedAt) {
        int service = random.nextInt(SERVICES);
        return new WaitingCitizen(id, "service-" + service, random.nextInt(10) == 0 ? 1 : 0, queuedAt, place++);
    }

    private AvailableAgent newAgent(String id) {
        Map<String, Integer> skills = new HashMap<>();
        for (int k = 0; k < 3; k++) {
            skills.put("skill-" + random.nextInt(SERVICES), 1 + random.nextInt(5));
        }
        return new AvailableAgent(id, skills, now.minusMillis(random.nextInt(3_600_000)), random.nextInt(40));
    }

    @Benchmark
    public RoutingDecision decideAndCommit() {
        now = now.plusMillis(10);
        RoutingDecision d = engine.next(now).orElseThrow();
        engine.assign(d);
        // Keep the picture steady: the agent is free again later, a new citizen arrives.
        AvailableAgent a = d.agent();
        engine.agentAvailable(new AvailableAgent(a.id(), a.skills(), now, a.callsToday() + 1));
        engine.enqueue(newCitizen(d.citizen().callId() + "+", now));
        return d;
    }
}
