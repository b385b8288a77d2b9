package se.vaxel.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.desks.DeskProbe;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;
import se.vaxel.routing.AgentProfile;
import se.vaxel.routing.AgentStatus;
import se.vaxel.routing.SimulatedDayTest;

/**
 * Screen-pop latency under sustained load: the PBX simulator over AMI, Växel routing, {@code agents} desks
 * connected over loopback WebSockets, citizens arriving at {@code rate} a second. Each pop is timed from the
 * moment the AMI event that made the agent ringing arrived on Växel's socket ({@code AmiLink.batchReceivedNanos},
 * read in an agent-state listener on the switchboard's event loop) to the moment the agent's WebSocket client
 * received the pop (same JVM, same {@link System#nanoTime()} clock). In route mode that event is the one after
 * which routing offered the call (the citizen parked for Växel, or a ring that ended, freeing an agent); an offer
 * made by the one-second tick (a wrap-up that ran out) has no AMI event and is counted apart.
 *
 * <p>Also timed: routing itself, from that AMI event's arrival to the routing decision (on the owner's event loop).
 * With {@code nodes=3} three switchboards on loopback form one cluster (the PBX lease on, one owner; case register
 * partitions and backups spread over the three members), and {@code via=other} connects the desks to a node that does
 * not own the PBX, so every pop comes through its forward.
 *
 * <pre>
 * mvn -B -Pbench -pl switchboard -am -DskipTests test -Dbench.main=se.vaxel.bench.ScreenPopBench \
 *     -Dbench.args="rate=50 agents=500 seconds=60 warmup=15 nodes=3 via=other"
 * </pre>
 */
public final class ScreenPopBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        double rate = Double.parseDouble(a.getOrDefault("rate", "50"));
        int agents = Integer.parseInt(a.getOrDefault("agents", "500"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "60"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "15"));
        int nodes = Integer.parseInt(a.getOrDefault("nodes", "1"));
        boolean viaOther = "other".equals(a.getOrDefault("via", "owner"));
        Path dir = Files.createTempDirectory("vaxel-popbench-");
        List<AgentProfile> profiles = new ArrayList<>();
        Map<String, Integer> all = new LinkedHashMap<>();
        for (String s : List.of("social-services", "building-permits", "schools", "elder-care", "switchboard")) {
            all.put(s, 5);
        }
        Map<String, List<String>> staff = new HashMap<>();
        for (int i = 0; i < agents; i++) {
            String id = String.format(Locale.ROOT, "agent-%03d", i + 1);
            profiles.add(new AgentProfile(id, id, "PJSIP/" + (3001 + i), all));
            staff.put(id, List.of("agent"));
        }
        Path centre = dir.resolve("contact-centre.json");
        JsonObject c = new JsonObject(SimulatedDayTest.shipped("contact-centre.json"));
        JsonArray list = new JsonArray();
        profiles.forEach(p -> list.add(new JsonObject().put("id", p.id()).put("name", p.name()).put("device", p.device())
                .put("skills", new JsonObject(new LinkedHashMap<>(p.skills())))));
        Files.writeString(centre, c.put("agents", list).encode());

        SimConfig sim = SimConfig.builder("vaxel", "pop-bench").seed(1).mode(SimConfig.Mode.ROUTE)
                .dialplanDir(SimulatedDayTest.dialplans(dir, profiles)).traffic(SimConfig.Traffic.none())
                .agents(SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(1000), Duration.ofMillis(2000))
                        .withTalk(Duration.ofMillis(3000), Duration.ofMillis(5000)).withMissedShare(0)).build();
        Vertx desksVertx = Vertx.vertx();
        ScheduledExecutorService caller = Executors.newSingleThreadScheduledExecutor();
        List<SwitchboardHarness> cluster = new ArrayList<>();
        try (PbxSimulator pbx = PbxSimulator.start(sim)) {
            Map<String, String> settings = new HashMap<>(Map.of("VAXEL_CONTACT_CENTRE_FILE", centre.toString(),
                    "VAXEL_AGENTS_LOGGED_IN_AT_START", "false", "VAXEL_WRAP_UP_SECONDS", "1", "VAXEL_LOG_LEVEL", "WARN"));
            int[] ports = new int[nodes];
            for (int i = 0; i < nodes; i++) {
                ports[i] = se.vaxel.FreePorts.one();
            }
            String name = "pop-bench-" + java.util.UUID.randomUUID();
            for (int i = 0; i < nodes; i++) {
                Map<String, String> node = new HashMap<>(settings);
                if (nodes > 1) {
                    node.put("VAXEL_CLUSTER_NAME", name);
                    node.put("VAXEL_DB_URL", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
                    node.put("VAXEL_CLUSTER_PORT", Integer.toString(ports[i]));
                    node.put("VAXEL_CLUSTER_MEMBERS", java.util.Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p)
                            .collect(java.util.stream.Collectors.joining(",")));
                }
                cluster.add(new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", "pop-bench"), node, staff));
            }
            SwitchboardHarness found = null;
            while (found == null) {
                Thread.sleep(50);
                found = cluster.stream().filter(h -> h.verticle().ownsPbx() && h.verticle().link().isUp()).findFirst().orElse(null);
            }
            SwitchboardHarness sb = found;
            SwitchboardHarness owner = found;
            SwitchboardHarness front = viaOther ? cluster.stream().filter(h -> h != owner).findFirst().orElseThrow() : owner;
            ConcurrentLinkedQueue<Long> routing = new ConcurrentLinkedQueue<>();
            sb.onLoop().run(() -> owner.verticle().distributor().onDecision(d -> {
                long t = owner.verticle().link().batchReceivedNanos();
                if (t != 0) {
                    routing.add(System.nanoTime() - t);
                }
            }));
            // Where each ring came from: the AMI batch being handled when the agent turned ringing (0: a timer).
            Map<String, Long> ringFrom = new ConcurrentHashMap<>();
            AtomicLong timerOffers = new AtomicLong();
            sb.onLoop().run(() -> sb.verticle().distributor().onAgentChange(ch -> {
                if (ch.to() == AgentStatus.RINGING) {
                    long t = sb.verticle().link().batchReceivedNanos();
                    if (t == 0) {
                        timerOffers.incrementAndGet();
                    } else {
                        ringFrom.put(ch.callId(), t);
                    }
                }
            }));
            long loginStart = System.nanoTime();
            List<DeskProbe> desks = new ArrayList<>();
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            AtomicLong pops = new AtomicLong();
            AtomicLong unmatched = new AtomicLong();
            long[] measureFrom = {Long.MAX_VALUE};
            for (AgentProfile p : profiles) {
                DeskProbe d = DeskProbe.connect(desksVertx, front.deskUri());
                d.tap(r -> {
                    if (!"pop".equals(r.message().getString("type"))) {
                        return;
                    }
                    pops.incrementAndGet();
                    Long from = ringFrom.remove(r.message().getString("callId"));
                    if (from == null) {
                        unmatched.incrementAndGet();
                    } else if (from >= measureFrom[0]) {
                        latencies.add(r.nanos() - from);
                    }
                });
                d.hello(sb.login(p.id()));
                d.next("welcome", Duration.ofSeconds(10));
                d.send(new JsonObject().put("type", "available").put("id", "a"));
                desks.add(d);
            }
            System.out.printf(Locale.ROOT, "%d desks logged in, connected and available in %.1f s (%d connected)%n", desks.size(),
                    (System.nanoTime() - loginStart) / 1e9, sb.verticle().desks().connected());
            String[] digits = {"1", "1", "2", "3", "4", "0"};
            AtomicLong placed = new AtomicLong();
            long periodNanos = (long) (1e9 / rate);
            caller.scheduleAtFixedRate(() -> {
                long n = placed.incrementAndGet();
                pbx.placeCitizenCall(String.format(Locale.ROOT, "+4673%07d", n), digits[(int) (n % digits.length)].charAt(0),
                        Duration.ofSeconds(60));
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            Thread.sleep(warmup * 1000L);
            measureFrom[0] = System.nanoTime();
            long placedBefore = placed.get();
            long popsBefore = pops.get();
            routing.clear();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            caller.shutdownNow();
            List<Long> sorted = new ArrayList<>(latencies);
            sorted.sort(null);
            List<Long> decided = new ArrayList<>(routing);
            decided.sort(null);
            System.out.printf(Locale.ROOT, "%n%d node(s)%s%n", nodes, nodes == 1 ? "" : viaOther
                    ? ", desks on a node that does not own the PBX (forwarded)" : ", desks on the PBX's owner");
            System.out.printf(Locale.ROOT, "routing, AMI event on the owner's socket -> routing decision: n=%d  p50 %.3f ms  p90 %.3f ms  "
                    + "p99 %.3f ms  max %.3f ms%n", decided.size(), pct(decided, 0.50), pct(decided, 0.90), pct(decided, 0.99),
                    decided.isEmpty() ? 0 : decided.get(decided.size() - 1) / 1e6);
            System.out.printf(Locale.ROOT, "%n%d agents' desks, %.0f calls/s offered for %d s after %d s warm-up: %.1f calls/s placed, "
                    + "%.1f pops/s received%n", agents, rate, seconds, warmup, (placed.get() - placedBefore) / elapsed,
                    (pops.get() - popsBefore) / elapsed);
            System.out.printf(Locale.ROOT, "screen pop, AMI event on Växel's socket -> pop at the agent's WebSocket client: "
                    + "n=%d  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n", sorted.size(), pct(sorted, 0.50), pct(sorted, 0.90),
                    pct(sorted, 0.99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6);
            System.out.printf(Locale.ROOT, "offers made by the one-second tick (no AMI event, not timed): %d; pops with no ring seen: %d; "
                    + "simulator errors: %d; live calls at the end: %d%n", timerOffers.get(), unmatched.get(), pbx.errors(),
                    sb.verticle().liveCalls().size());
            desks.forEach(DeskProbe::close);
        } finally {
            caller.shutdownNow();
            desksVertx.close();
            for (SwitchboardHarness h : cluster) {
                h.close();
            }
        }
        System.exit(0);
    }

    private static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }
}
