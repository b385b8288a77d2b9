package se.vaxel.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.calls.FinishedCall;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;
import se.vaxel.pbxsim.conf.ConfFile;

/**
 * A municipality's contact-centre day, compressed: 5,000 citizens over eight hours (08:00-16:00) into the shipped
 * dialplan and catalogue, 55 agents, Växel routing. Every time is set in day time and divided by {@link #FACTOR}
 * (180: the day takes 2 min 40 s of wall time); the figures are reported in day time.
 *
 * <p><b>The citizens.</b> Arrivals are a Poisson process whose rate follows {@link #PROFILE}, linear between its
 * points: about 510 calls an hour at 08:00, a morning peak of about 890 an hour (1.43 times the day's mean of 625)
 * at 09:30, a lunch dip to about 350 at 12:30, an afternoon shoulder of 640-670 from 13:30 to 14:30, tailing off
 * to about 380 at 16:00. It is conditioned on exactly 5,000 calls: 5,001 seeded exponential gaps, their running
 * sums scaled so the last is the day's whole cumulative rate, each mapped back to a time through the profile's
 * cumulative rate (the time-rescaling of a Poisson process). Each citizen presses a digit with the simulator's
 * default weights, as the shipped IVR offers them (1 social services 35, 2 building permits 20, 3 schools 20,
 * 4 elder care 15, 0 switchboard 10), and hangs up after 1-5 min on hold (uniform) unless answered.
 *
 * <p><b>The agents.</b> A phone rings 2-6 s before its agent answers (plus the simulator's fixed 20 ms of wall,
 * 3.6 s of day), 2% of rings are missed, a call lasts 3-5 min (uniform), then 30 s of wrap-up. The handle time is
 * about 240 + 8 + 30 = 278 s, so the offered load is 625 × 278 / 3600 ≈ 48 Erlangs on the average hour and
 * about 69 at the peak. {@link #TEAMS}: 55 agents (88% occupancy on the average hour), a team per service with
 * some agents skilled in a second service, and six generalists at home on the switchboard, to which the four
 * specialist services overflow after 3 min (elder care, priority 1 as shipped, also to social services). As in a
 * real municipality, this misses 80% in 20 s in the morning peak and abandonment takes the excess: measured,
 * about 92% of calls are answered and 55% of those within 20 s.
 *
 * <p><b>What the compression cannot scale.</b> The ring timeout and the catalogue's overflow thresholds are whole
 * seconds of wall time: 1 s is 3 min of day, so a missed ring keeps its citizen ringing for 3 min (most hang up
 * meanwhile), and overflow opens after 3 min (elder care's 120 s included). Routing ends wrap-up on its one-second
 * tick, which would make 30 s of wrap-up 30-210 s of day (measured: 112 s on average, and 79% answered); so the
 * agents end their own wrap-up after 30 s of day, as they will at the desk, and come back 1 min after routing
 * paused them for missed rings. The IVR (prompts, the digit) runs in wall time, a few seconds, so a citizen
 * reaches the queue about 10 min of day after phoning; nobody presses nothing, as the menu's timeouts would hold
 * them for an hour of day. Waits count from the queue, so none of this touches them. Last, a citizen may hang up
 * while routing's connect is on its way to the PBX: a window of a few milliseconds, rare in a real day, but 180
 * times as likely here (0-3 a day on a quiet machine, dozens in a one-second stall); such a failed connect is
 * accounted for, any other fails the test.
 *
 * <p><b>Checks</b> what must hold on any day: every call accounted for once; first come first served within each
 * service and priority; no agent offered a call unless available, and never two at once; nobody waiting without
 * bound and no service starved; loose floors where the staffing guarantees them; no simulator errors. Then
 * reports the day's figures, and whether the switchboard and simulator kept up.
 */
public class SimulatedDayTest {

    private static final String SECRET = "day-secret";
    private static final long SEED = 2026;

    /** Day seconds per wall second. 180 makes the whole wall seconds of the ring timeout and overflow 3 min of day. */
    static final double FACTOR = 180;
    static final int CALLS = 5_000;
    static final double DAY_SECONDS = 8 * 3600;
    /** Relative arrival rate at hours after 08:00; linear in between (scaled so the day has {@link #CALLS}). */
    static final double[][] PROFILE = {
        {0.0, 0.80}, {0.5, 1.20}, {1.0, 1.35}, {1.5, 1.40}, {2.0, 1.30}, {2.5, 1.20}, {3.0, 1.05}, {3.5, 0.85},
        {4.0, 0.62}, {4.5, 0.55}, {5.0, 0.75}, {5.5, 1.00}, {6.0, 1.05}, {6.5, 1.00}, {7.0, 0.90}, {7.5, 0.75},
        {8.0, 0.60}};
    // Day seconds.
    static final double PATIENCE_MIN = 60;
    static final double PATIENCE_MAX = 300;
    static final double ANSWER_MIN = 2;
    static final double ANSWER_MAX = 6;
    static final double TALK_MIN = 180;
    static final double TALK_MAX = 300;
    static final double WRAP_UP = 30;
    static final double BACK_AFTER_MISSED_CALL_PAUSE = 60;
    static final double PRIORITY_HEAD_START = 60;
    static final double SERVICE_LEVEL_WITHIN = 20;
    static final double MISSED_SHARE = 0.02;

    /** A team: how many agents, and their skills with levels (5 at home, 3 or 2 in a second service). */
    record Team(String name, int agents, Map<String, Integer> skills) {}

    static final List<Team> TEAMS = List.of(
            new Team("social", 14, Map.of("social-services", 5)),
            new Team("social-elder", 3, Map.of("social-services", 5, "elder-care", 3)),
            new Team("permits", 8, Map.of("building-permits", 5)),
            new Team("permits-schools", 2, Map.of("building-permits", 5, "schools", 3)),
            new Team("schools", 8, Map.of("schools", 5)),
            new Team("schools-social", 2, Map.of("schools", 5, "social-services", 3)),
            new Team("elder", 6, Map.of("elder-care", 5)),
            new Team("elder-social", 2, Map.of("elder-care", 5, "social-services", 3)),
            new Team("switchboard", 4, Map.of("switchboard", 5)),
            new Team("generalist", 6, Map.of("switchboard", 5, "social-services", 2, "building-permits", 2, "schools", 2,
                    "elder-care", 2)));

    record Citizen(double arrival, char digit, double patience) {}

    @TempDir
    Path dir;

    @Test
    void aRealisticDayIsFairAndLosesNobody() throws Exception {
        List<Citizen> day = citizens(new Random(SEED));
        List<AgentProfile> agents = agents();
        Map<String, String> deviceOfAgent = new HashMap<>();
        agents.forEach(a -> deviceOfAgent.put(a.id(), a.device()));
        SimConfig sim = SimConfig.builder("vaxel", SECRET).seed(SEED).mode(SimConfig.Mode.ROUTE).dialplanDir(dialplans(dir, agents))
                .traffic(SimConfig.Traffic.none())
                .agents(SimConfig.Agents.defaults().withAnswer(wall(ANSWER_MIN), wall(ANSWER_MAX))
                        .withTalk(wall(TALK_MIN), wall(TALK_MAX)).withMissedShare(MISSED_SHARE))
                .build();
        Map<String, String> settings = Map.of(
                "VAXEL_CONTACT_CENTRE_FILE", contactCentre(agents).toString(),
                "VAXEL_OPENING_HOURS", "ignore",
                "VAXEL_RING_TIMEOUT_SECONDS", "1", // whole seconds, at least one: 3 min of day
                "VAXEL_WRAP_UP_SECONDS", String.format(Locale.ROOT, "%.4f", WRAP_UP / FACTOR),
                "VAXEL_PRIORITY_HEAD_START_SECONDS", String.format(Locale.ROOT, "%.4f", PRIORITY_HEAD_START / FACTOR));
        long headStartMillis = wall(PRIORITY_HEAD_START).toMillis();

        ConcurrentLinkedQueue<RoutingDecision> decisions = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<AgentStateChanged> changes = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unfair = new ConcurrentLinkedQueue<>();
        Map<String, FinishedCall> finished = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> finishedTwice = new ConcurrentLinkedQueue<>();
        Set<String> placed = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Throwable> placementErrors = new ConcurrentLinkedQueue<>();
        AtomicInteger pausedForMissedCalls = new AtomicInteger();
        Meters meters = new Meters();

        try (FailedConnects failedConnects = new FailedConnects();
                PbxSimulator pbx = PbxSimulator.start(sim);
                SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET), settings)) {
            CallDistributor distributor = sb.verticle().distributor();
            await().atMost(Duration.ofSeconds(20)).until(sb.verticle().link()::isUp);

            // Fairness, checked as each offer goes out (on the switchboard's event loop, right after the decision):
            // nobody still waiting for the service ranks before the citizen offered; a citizen offered again (after
            // a missed ring) kept their rank; and first offers go out in rank order within each service.
            Map<String, Instant> queuedAtFirstOffer = new HashMap<>();
            Map<String, Long> lastFirstOfferRank = new HashMap<>();
            distributor.onDecision(d -> {
                decisions.add(d);
                WaitingCitizen c = d.citizen();
                long rank = rank(c, headStartMillis);
                distributor.engine().forEachWaiting(c.service(), (w, position) -> {
                    if (rank(w, headStartMillis) < rank) {
                        unfair.add(c.service() + ": " + c.callId() + " (queued " + c.queuedAt() + ") offered while "
                                + w.callId() + " (queued " + w.queuedAt() + ", priority " + w.priority() + ") waited");
                    }
                });
                Instant first = queuedAtFirstOffer.putIfAbsent(c.callId(), c.queuedAt());
                if (first == null) {
                    Long last = lastFirstOfferRank.put(c.service(), rank);
                    if (last != null && rank < last) {
                        unfair.add(c.service() + ": " + c.callId() + " first offered after a citizen who queued later");
                    }
                } else if (!first.equals(c.queuedAt())) {
                    unfair.add(c.callId() + " lost their place: queued at " + first + ", then at " + c.queuedAt());
                }
            });
            // The agents at their desks (on the event loop too): each ends wrap-up after 30 s of day, and comes
            // back a minute after routing paused them for missed rings.
            distributor.onAgentChange(change -> {
                changes.add(change);
                Vertx vertx = Vertx.currentContext().owner();
                Agent agent = distributor.agents().get(change.agentId());
                if (change.to() == AgentStatus.WRAP_UP) {
                    vertx.setTimer(wall(WRAP_UP).toMillis(), t -> {
                        if (agent.status() == AgentStatus.WRAP_UP && change.callId().equals(agent.callId())) {
                            distributor.endWrapUp(change.agentId());
                        }
                    });
                } else if (change.to() == AgentStatus.PAUSED && Agent.MISSED_CALL.equals(change.reason())) {
                    pausedForMissedCalls.incrementAndGet();
                    vertx.setTimer(wall(BACK_AFTER_MISSED_CALL_PAUSE).toMillis(), t -> {
                        if (agent.status() == AgentStatus.PAUSED) {
                            distributor.resume(change.agentId());
                        }
                    });
                }
            });
            // Every call that ends (the HTTP API keeps only the last 500).
            sb.onLoop().run(() -> sb.verticle().liveCalls().onFinished(call -> {
                if (finished.putIfAbsent(call.id(), call) != null) {
                    finishedTwice.add(call.id());
                }
            }));

            // The day: each citizen phones at their time (wall), from one scheduler thread.
            ScheduledExecutorService phones = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "day-citizens"));
            meters.start(sb);
            long start = System.nanoTime();
            try {
                for (int i = 0; i < day.size(); i++) {
                    Citizen c = day.get(i);
                    String number = String.format("+4670%07d", i);
                    long due = Math.round(c.arrival() / FACTOR * 1e9);
                    phones.schedule(() -> {
                        try {
                            meters.placedLate(System.nanoTime() - start - due);
                            long t0 = System.nanoTime();
                            placed.add(pbx.placeCitizenCall(number, c.digit(), wall(c.patience())));
                            meters.coreRoundTrip(System.nanoTime() - t0);
                        } catch (RuntimeException e) {
                            placementErrors.add(e);
                        }
                    }, due - (System.nanoTime() - start), TimeUnit.NANOSECONDS); // due after the start, not after now
                }
                await().pollInterval(Duration.ofMillis(500)).atMost(wall(DAY_SECONDS).plus(Duration.ofMinutes(3)))
                        .until(() -> finished.size() + placementErrors.size() >= CALLS
                                && sb.onLoop().call(() -> sb.verticle().liveCalls().size()) == 0);
            } finally {
                phones.shutdownNow();
                meters.stop(sb);
            }
            double wallSeconds = (System.nanoTime() - start) / 1e9;
            assertTrue(placementErrors.isEmpty(), () -> "citizens could not phone: " + placementErrors.peek());

            // Every call accounted for, each once, answered or abandoned.
            assertEquals(CALLS, placed.size(), "calls placed");
            assertEquals(placed, finished.keySet(), "every call placed finished, and no other");
            assertTrue(finishedTwice.isEmpty(), () -> "finished twice: " + finishedTwice);
            Map<FinishedCall.Outcome, Long> outcomes = new TreeMap<>();
            finished.values().forEach(c -> outcomes.merge(c.outcome(), 1L, Long::sum));
            assertEquals(Set.of(FinishedCall.Outcome.ANSWERED, FinishedCall.Outcome.ABANDONED), outcomes.keySet(),
                    "only answered and abandoned calls: " + outcomes);

            // First come first served within each service and priority.
            assertTrue(unfair.isEmpty(), () -> unfair.size() + " unfair offers, e.g. " + unfair.peek());

            // No agent is offered a call unless available, and never two at once: each agent's changes follow on
            // from one another and an offer (ringing) only ever leaves available; the PBX agrees that nobody
            // talked on two calls at once, and each call was answered by the agent Växel last offered it to.
            List<AgentStateChanged> offers = changes.stream().filter(c -> c.to() == AgentStatus.RINGING).toList();
            assertEquals(decisions.size(), offers.size(), "one offer per routing decision");
            Map<String, AgentStatus> statusOf = new HashMap<>();
            for (AgentStateChanged c : changes) {
                AgentStatus before = statusOf.put(c.agentId(), c.to());
                assertTrue(before == null || before == c.from(), () -> c.agentId() + " went " + c.from() + " -> " + c.to()
                        + " while " + before);
                assertTrue(c.to() != AgentStatus.RINGING || c.from() == AgentStatus.AVAILABLE,
                        () -> c.agentId() + " offered " + c.callId() + " while " + c.from());
            }
            Map<String, String> lastOfferedTo = new HashMap<>();
            decisions.forEach(d -> lastOfferedTo.put(d.citizen().callId(), deviceOfAgent.get(d.agent().id())));
            Map<String, List<FinishedCall>> talksByAgent = new HashMap<>();
            for (FinishedCall c : finished.values()) {
                if (c.outcome() == FinishedCall.Outcome.ANSWERED) {
                    assertEquals(lastOfferedTo.get(c.id()), c.agent(), c.id() + " answered by the agent Växel offered it to");
                    talksByAgent.computeIfAbsent(c.agent(), k -> new ArrayList<>()).add(c);
                }
            }
            for (List<FinishedCall> talks : talksByAgent.values()) {
                talks.sort(Comparator.comparing(FinishedCall::answeredAt));
                for (int i = 1; i < talks.size(); i++) {
                    FinishedCall a = talks.get(i - 1);
                    FinishedCall b = talks.get(i);
                    assertTrue(!b.answeredAt().isBefore(a.endedAt()), a.agent() + " talked on " + a.id() + " and " + b.id() + " at once");
                }
            }

            // Routing never failed to connect but for a citizen hanging up as the connect went out (see above).
            assertEquals(distributor.failedConnects(), failedConnects.seen.size(), "every failed connect was logged");
            for (FailedConnect f : failedConnects.seen) {
                String wrong = notHangingUp(f, offers, finished);
                assertTrue(wrong == null, () -> "a connect failed, and not because the citizen hung up: " + wrong);
            }
            assertEquals(0, pbx.errors(), "simulator errors");

            // The day's figures, in day time. A wait runs from joining the queue to the answer (the ring included).
            List<Double> waits = new ArrayList<>();
            Map<String, int[]> byService = new TreeMap<>(); // calls, answered
            int answered = 0;
            int withinTarget = 0;
            for (FinishedCall c : finished.values()) {
                int[] s = byService.computeIfAbsent(c.service(), k -> new int[2]);
                s[0]++;
                if (c.outcome() == FinishedCall.Outcome.ANSWERED) {
                    answered++;
                    s[1]++;
                    assertNotNull(c.waited(), c.id() + " has a wait");
                    double w = daySeconds(c.waited());
                    waits.add(w);
                    if (w <= SERVICE_LEVEL_WITHIN) {
                        withinTarget++;
                    }
                }
            }
            double longest = waits.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double average = waits.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double answerRate = (double) answered / CALLS;
            double serviceLevel = (double) withinTarget / Math.max(1, answered);
            System.out.printf(Locale.ROOT, "Simulated day: %d calls over 8 h at x%.0f, %d agents: answer rate %.1f%%, abandon rate "
                    + "%.1f%%, service level %.1f%% of answered within %.0f s, average wait %.1f s, longest %.1f s (day time); "
                    + "wall %.0f s%n", CALLS, FACTOR, agents.size(), 100 * answerRate, 100.0 * (CALLS - answered) / CALLS,
                    100 * serviceLevel, SERVICE_LEVEL_WITHIN, average, longest, wallSeconds);
            System.out.println("Simulated day, kept up? " + meters + "; " + routingFigures(changes, decisions, finished,
                    pausedForMissedCalls.get(), failedConnects.seen.size()) + "; answered by service " + perService(byService));

            // Nobody waits without bound: an answered citizen waited at most their patience (5 min) and a little.
            // No service starves: each answers most of its calls, and every agent took calls.
            assertTrue(longest <= PATIENCE_MAX + 30, "nobody waited without bound: longest " + longest + " s of day");
            byService.forEach((service, s) -> assertTrue(s[1] >= 0.7 * s[0], service + " starved: " + s[1] + " of " + s[0] + " answered"));
            assertEquals(deviceOfAgent.size(), talksByAgent.size(), "every agent took calls: " + talksByAgent.keySet());
            // Loose floors the staffing guarantees: more agents than the average hour's load, and plenty outside
            // the morning peak (measured: about 92% answered, 55% of them within 20 s).
            assertTrue(answerRate >= 0.8, "answer rate " + answerRate);
            assertTrue(serviceLevel >= 0.3, "service level " + serviceLevel);
        }
    }

    /** Wall time of so many day seconds. */
    static Duration wall(double daySeconds) {
        return Duration.ofNanos(Math.round(daySeconds / FACTOR * 1e9));
    }

    /** Day seconds of so much wall time. */
    static double daySeconds(Duration wall) {
        return wall.toNanos() / 1e9 * FACTOR;
    }

    /** A citizen's rank: when they queued, less the head start of their priority (as the routing rules say). */
    private static long rank(WaitingCitizen w, long headStartMillis) {
        return w.queuedAt().toEpochMilli() - w.priority() * headStartMillis;
    }

    /** The day's citizens in order of arrival (day seconds from 08:00). */
    static List<Citizen> citizens(Random random) {
        double[] cumulative = new double[PROFILE.length];
        for (int i = 1; i < PROFILE.length; i++) {
            cumulative[i] = cumulative[i - 1] + (PROFILE[i - 1][1] + PROFILE[i][1]) / 2 * (PROFILE[i][0] - PROFILE[i - 1][0]);
        }
        double total = cumulative[PROFILE.length - 1];
        double[] gaps = new double[CALLS + 1];
        double sum = 0;
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = -Math.log(1 - random.nextDouble());
            sum += gaps[i];
        }
        Map<Character, Integer> weights = SimConfig.Traffic.defaultWeights();
        int weightSum = weights.values().stream().mapToInt(Integer::intValue).sum();
        List<Citizen> out = new ArrayList<>(CALLS);
        double s = 0;
        for (int k = 0; k < CALLS; k++) {
            s += gaps[k];
            double hours = hoursAt(s / sum * total, cumulative);
            int pick = random.nextInt(weightSum);
            char digit = '0';
            for (char d : new char[] {'1', '2', '3', '4', '0'}) {
                pick -= weights.get(d);
                if (pick < 0) {
                    digit = d;
                    break;
                }
            }
            double patience = PATIENCE_MIN + random.nextDouble() * (PATIENCE_MAX - PATIENCE_MIN);
            out.add(new Citizen(hours * 3600, digit, patience));
        }
        return out;
    }

    /** The inverse of the profile's cumulative rate: the hour at which it reaches {@code target}. */
    private static double hoursAt(double target, double[] cumulative) {
        int i = 0;
        while (i < PROFILE.length - 2 && cumulative[i + 1] <= target) {
            i++;
        }
        double t0 = PROFILE[i][0];
        double r0 = PROFILE[i][1];
        double slope = (PROFILE[i + 1][1] - r0) / (PROFILE[i + 1][0] - t0);
        double rest = target - cumulative[i];
        // the rate r0 + slope * x accumulates r0 x + slope x² / 2 over x hours
        double x = Math.abs(slope) < 1e-12 ? rest / r0 : (-r0 + Math.sqrt(r0 * r0 + 2 * slope * rest)) / slope;
        return Math.min(PROFILE[PROFILE.length - 1][0], t0 + x);
    }

    /** The teams' agents, on desk phones 1001 and up. */
    static List<AgentProfile> agents() {
        List<AgentProfile> out = new ArrayList<>();
        int extension = 1001;
        for (Team t : TEAMS) {
            for (int i = 1; i <= t.agents(); i++) {
                String id = String.format("%s-%02d", t.name(), i);
                out.add(new AgentProfile(id, id, "PJSIP/" + extension++, t.skills()));
            }
        }
        return out;
    }

    /**
     * The simulator's dialplan directory: the shipped extensions.conf and queues.conf as they are, and the
     * shipped pjsip.conf with an endpoint (its endpoint, aor and auth blocks, as the file's own) for each agent's
     * phone it lacks. The simulator makes a phone of every numeric pjsip.conf endpoint and every queue member.
     * Public for the screen-pop benchmark, which needs 500 phones.
     */
    public static Path dialplans(Path dir, List<AgentProfile> agents) throws IOException {
        Path d = Files.createDirectories(dir.resolve("dialplans"));
        for (String f : List.of("extensions.conf", "queues.conf")) {
            Files.writeString(d.resolve(f), shipped("dialplans/" + f));
        }
        String pjsip = shipped("dialplans/pjsip.conf");
        Set<String> have = new HashSet<>();
        ConfFile.parse(pjsip).sections().forEach(s -> have.add(s.name()));
        StringBuilder extra = new StringBuilder("\n; ---- the simulated day's agent phones ----\n");
        for (AgentProfile a : agents) {
            String ext = a.device().substring("PJSIP/".length());
            if (have.contains(ext)) {
                continue;
            }
            extra.append('[').append(ext).append("](agent-endpoint)\nauth = ").append(ext).append("\naors = ").append(ext)
                    .append("\ncallerid = \"").append(a.name()).append("\" <").append(ext).append(">\n[").append(ext)
                    .append("](agent-aor)\n[").append(ext).append("](agent-auth)\nusername = ").append(ext)
                    .append("\npassword = <set a per-phone password>\n\n");
        }
        Files.writeString(d.resolve("pjsip.conf"), pjsip + extra);
        return d;
    }

    /** The shipped catalogue with the day's agents, its overflow thresholds in whole wall seconds (at least one). */
    private Path contactCentre(List<AgentProfile> agents) throws IOException {
        JsonObject centre = new JsonObject(shipped("contact-centre.json"));
        for (Object o : centre.getJsonArray("services")) {
            JsonObject overflow = ((JsonObject) o).getJsonObject("overflow");
            if (overflow != null) {
                overflow.put("afterSeconds", Math.max(1, Math.round(overflow.getInteger("afterSeconds") / FACTOR)));
            }
        }
        JsonArray list = new JsonArray();
        for (AgentProfile a : agents) {
            list.add(new JsonObject().put("id", a.id()).put("name", a.name()).put("device", a.device())
                    .put("skills", new JsonObject(new LinkedHashMap<>(a.skills()))));
        }
        centre.put("agents", list);
        Path file = dir.resolve("contact-centre.json");
        Files.writeString(file, centre.encodePrettily());
        return file;
    }

    public static String shipped(String resource) throws IOException {
        try (InputStream in = SimulatedDayTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, "on the classpath: " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A connect routing reported as failed, with when. */
    record FailedConnect(String callId, String agentId, String why, Instant at) {}

    /** Routing's "Could not connect" warnings: the distributor counts failed connects, and names them only there. */
    static final class FailedConnects extends ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent>
            implements AutoCloseable {
        final ConcurrentLinkedQueue<FailedConnect> seen = new ConcurrentLinkedQueue<>();
        private final ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(CallDistributor.class);

        FailedConnects() {
            setContext(logger.getLoggerContext());
            start();
            logger.addAppender(this);
        }

        @Override
        protected void append(ch.qos.logback.classic.spi.ILoggingEvent e) {
            Object[] args = e.getArgumentArray();
            if (e.getMessage().startsWith("Could not connect call") && args != null && args.length == 3) {
                seen.add(new FailedConnect(String.valueOf(args[0]), String.valueOf(args[1]), String.valueOf(args[2]),
                        Instant.ofEpochMilli(e.getTimeStamp())));
            }
        }

        @Override
        public void close() {
            logger.detachAppender(this);
            stop();
        }
    }

    /**
     * Whether a connect failed because the citizen hung up as it went out: then the call was abandoned, and Växel
     * heard it end after the offer and no later than the PBX's refusal (the PBX sends both in the order they
     * happened). Null if so, else what was wrong.
     */
    /** How long after a refused connect the citizen's hang-up may be read and still explain it. */
    private static final java.time.Duration HANG_UP_AFTER_REFUSAL = java.time.Duration.ofSeconds(1);

    private static String notHangingUp(FailedConnect f, List<AgentStateChanged> offers, Map<String, FinishedCall> finished) {
        FinishedCall call = finished.get(f.callId());
        AgentStateChanged offer = offers.stream()
                // The log's time is to the millisecond: an offer in the same millisecond counts as before it.
                .filter(o -> o.agentId().equals(f.agentId()) && f.callId().equals(o.callId())
                        && o.at().toEpochMilli() <= f.at().toEpochMilli())
                .reduce((a, b) -> b).orElse(null);
        if (call == null || offer == null || call.outcome() != FinishedCall.Outcome.ABANDONED
                || call.endedAt().toEpochMilli() < offer.at().toEpochMilli()
                // The PBX may answer the refused Redirect ("Channel does not exist") before Växel has read the hang-up
                // that made it so: both orders are Asterisk's, so the hang-up may follow the refusal by a moment.
                || call.endedAt().toEpochMilli() > f.at().toEpochMilli() + HANG_UP_AFTER_REFUSAL.toMillis()) {
            return f + ": offered " + (offer == null ? "never" : offer.at()) + ", call "
                    + (call == null ? "unknown" : call.outcome().wireName() + ", ended " + call.endedAt());
        }
        return null;
    }

    /**
     * What the day did with routing: the time from an offer to the answer (the simulator rings 3.6 s + 2-6 s of
     * day; more is the path's lag), wrap-up as lived, missed rings as routing counts them (a citizen hanging up
     * while the phone rings counts as the agent's miss), overflow, failed connects.
     */
    private static String routingFigures(ConcurrentLinkedQueue<AgentStateChanged> changes, ConcurrentLinkedQueue<RoutingDecision> decisions,
            Map<String, FinishedCall> finished, int pausedForMissedCalls, int failedConnects) {
        Map<String, AgentStateChanged> previous = new HashMap<>();
        List<Double> offerToAnswer = new ArrayList<>();
        List<Double> wrapUps = new ArrayList<>();
        int missed = 0;
        int hungUpRinging = 0;
        for (AgentStateChanged c : changes) {
            AgentStateChanged p = previous.put(c.agentId(), c);
            if (p == null) {
                continue;
            }
            double d = daySeconds(Duration.between(p.at(), c.at()));
            if (p.to() == AgentStatus.RINGING && c.to() == AgentStatus.ON_CALL) {
                offerToAnswer.add(d);
            } else if (p.to() == AgentStatus.WRAP_UP) {
                wrapUps.add(d);
            }
            if (p.to() == AgentStatus.RINGING && (Agent.MISSED_CALL.equals(c.reason()) || "ring not answered".equals(c.reason()))) {
                missed++;
                FinishedCall call = finished.get(p.callId());
                if (call != null && call.outcome() == FinishedCall.Outcome.ABANDONED && !call.endedAt().isBefore(c.at())
                        && Duration.between(c.at(), call.endedAt()).toMillis() <= 100) {
                    hungUpRinging++;
                }
            }
        }
        offerToAnswer.sort(null);
        return String.format(Locale.ROOT, "offer to answer %.1f s average, p99 %.1f s; wrap-up %.1f s average; %d rings missed "
                + "(%d of them the citizen hanging up), %d pauses for missed calls; %d decisions, %d by overflow; "
                + "%d failed connects, each a citizen hanging up",
                offerToAnswer.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                offerToAnswer.isEmpty() ? 0 : offerToAnswer.get((int) (offerToAnswer.size() * 0.99)),
                wrapUps.stream().mapToDouble(Double::doubleValue).average().orElse(0), missed, hungUpRinging, pausedForMissedCalls,
                decisions.size(), decisions.stream().filter(RoutingDecision::overflow).count(), failedConnects);
    }

    private static String perService(Map<String, int[]> byService) {
        StringBuilder b = new StringBuilder();
        byService.forEach((service, s) -> b.append(b.length() == 0 ? "" : ", ").append(service).append(' ')
                .append(String.format(Locale.ROOT, "%.1f%%", 100.0 * s[1] / s[0])));
        return b.toString();
    }

    /**
     * Whether the machine kept up, in wall time: how late citizens phoned, the simulator core's round trip, how
     * late a 10 ms timer ran on a plain thread (the whole JVM held up: CPU or GC) and on the switchboard's event
     * loop, and GC time.
     */
    static final class Meters {
        private final Lag placed = new Lag("citizens placed late");
        private final Lag core = new Lag("simulator round trip");
        private final Lag jvm = new Lag("JVM timer late");
        private final Lag loop = new Lag("switchboard loop timer late");
        private ScheduledExecutorService meter;
        private long loopTimer;
        private long gcAtStart;
        private long gcSpent;

        void start(SwitchboardHarness sb) {
            gcAtStart = gcMillis();
            meter = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "day-meter");
                t.setDaemon(true);
                return t;
            });
            long[] next = {System.nanoTime() + 10_000_000L};
            meter.scheduleAtFixedRate(() -> {
                jvm.record(System.nanoTime() - next[0]);
                next[0] += 10_000_000L;
            }, 10, 10, TimeUnit.MILLISECONDS);
            loopTimer = sb.onLoop().call(() -> {
                long[] due = {System.nanoTime() + 10_000_000L};
                return Vertx.currentContext().owner().setPeriodic(10, t -> {
                    loop.record(System.nanoTime() - due[0]);
                    due[0] = System.nanoTime() + 10_000_000L;
                });
            });
        }

        void stop(SwitchboardHarness sb) {
            meter.shutdownNow();
            sb.onLoop().run(() -> Vertx.currentContext().owner().cancelTimer(loopTimer));
            gcSpent = gcMillis() - gcAtStart;
        }

        void placedLate(long nanos) {
            placed.record(nanos);
        }

        void coreRoundTrip(long nanos) {
            core.record(nanos);
        }

        private static long gcMillis() {
            return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
        }

        @Override
        public String toString() {
            return placed + ", " + core + ", " + jvm + ", " + loop + ", GC " + gcSpent + " ms in all (wall)";
        }
    }

    /** The worst of some lateness (wall), when, and how often it passed 50 ms. */
    static final class Lag {
        private final String name;
        private long worstNanos;
        private long worstAt;
        private int over50;

        Lag(String name) {
            this.name = name;
        }

        synchronized void record(long nanos) {
            if (nanos > worstNanos) {
                worstNanos = nanos;
                worstAt = System.currentTimeMillis();
            }
            if (nanos > 50_000_000L) {
                over50++;
            }
        }

        @Override
        public synchronized String toString() {
            return String.format(Locale.ROOT, "%s at worst %d ms (%tT)%s", name, worstNanos / 1_000_000, worstAt,
                    over50 == 0 ? "" : ", " + over50 + " times over 50 ms");
        }
    }
}
