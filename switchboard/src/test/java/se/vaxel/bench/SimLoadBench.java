package se.vaxel.bench;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.vaxel.SwitchboardVerticle;
import se.vaxel.VaxelConfig;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * How many citizens' calls a second the PBX simulator sustains on this machine, with a switchboard
 * following it over AMI (the load test Växel will use). Citizens arrive at a fixed rate for a fixed
 * time, go through the IVR (one prompt, one digit), wait in app_queue and, as 12 agents cannot take
 * hundreds of calls a second, mostly give up after their patience: every call runs its whole life.
 *
 * <p>Reported: the arrival rate achieved (it falls behind the target if the simulator's core cannot keep
 * up), the round trip of placing a call on the core thread (its responsiveness under load), peak live
 * channels, the time to drain after the last arrival, the simulator's errors, and whether the switchboard
 * saw every call arrive and end. Properties: {@code sim.rate} (calls/s, 300), {@code sim.seconds} (20),
 * {@code sim.patienceSeconds} (5).
 */
public final class SimLoadBench {

    public static void main(String[] args) throws Exception {
        double rate = Double.parseDouble(System.getProperty("sim.rate", "300"));
        int seconds = Integer.parseInt(System.getProperty("sim.seconds", "20"));
        Duration patience = Duration.ofSeconds(Long.parseLong(System.getProperty("sim.patienceSeconds", "5")));
        String secret = "sim-bench";
        System.out.printf("PBX simulator load, %s; %d cores; target %.0f calls/s for %d s, patience %s%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), rate, seconds, patience);

        SimConfig config = SimConfig.builder("vaxel", secret).seed(1).traffic(SimConfig.Traffic.none())
                .agents(SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(200), Duration.ofMillis(400))
                        .withTalk(Duration.ofSeconds(1), Duration.ofSeconds(2)).withMissedShare(0)).build();
        Vertx vertx = Vertx.vertx();
        try (PbxSimulator pbx = PbxSimulator.start(config)) {
            SwitchboardVerticle sb = new SwitchboardVerticle(
                    VaxelConfig.from(Map.of("VAXEL_HTTP_PORT", "0", "VAXEL_HTTP_HOST", "127.0.0.1", "VAXEL_CLUSTER_NAME", "bench-" + java.util.UUID.randomUUID(), "VAXEL_DB_URL", "jdbc:h2:mem:vaxel-" + java.util.UUID.randomUUID())),
                    AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", secret), Clock.systemUTC());
            vertx.deployVerticle(sb).await(10, TimeUnit.SECONDS);
            while (!sb.link().isUp()) {
                Thread.onSpinWait();
            }

            long total = Math.round(rate * seconds);
            List<Long> roundTrips = new ArrayList<>((int) total);
            int peakChannels = 0;
            long start = System.nanoTime();
            long placed = 0;
            while (placed < total) {
                long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * rate) + 1);
                for (; placed < due; placed++) {
                    long t0 = System.nanoTime();
                    pbx.placeCitizenCall(String.format("+4673%07d", placed), "12340".charAt((int) (placed % 5)), patience);
                    roundTrips.add(System.nanoTime() - t0);
                }
                if (placed % 100 == 0) {
                    peakChannels = Math.max(peakChannels, pbx.liveChannels());
                }
                long next = start + (long) (placed / rate * 1e9);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // pacing the feeder, not waiting for a result
                }
            }
            double arrivalSeconds = (System.nanoTime() - start) / 1e9;
            long drainStart = System.nanoTime();
            long deadline = drainStart + TimeUnit.SECONDS.toNanos(120);
            while (pbx.liveChannels() > 0 && System.nanoTime() < deadline) {
                peakChannels = Math.max(peakChannels, pbx.liveChannels());
                TimeUnit.MILLISECONDS.sleep(50);
            }
            double drain = (System.nanoTime() - drainStart) / 1e9;
            long arrived = 0;
            long live = -1;
            long events = 0;
            long deadlineSb = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            do {
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + sb.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                arrived = (long) metric(metrics, "vaxel_calls_arrived_total");
                live = (long) metric(metrics, "vaxel_calls_live");
                events = (long) metric(metrics, "vaxel_ami_events_received");
                if (arrived >= total && live == 0) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            } while (System.nanoTime() < deadlineSb);

            Collections.sort(roundTrips);
            System.out.printf("%n%-52s %s%n", "calls placed", total);
            System.out.printf("%-52s %.1f calls/s (target %.0f)%n", "arrival rate achieved", total / arrivalSeconds, rate);
            System.out.printf("%-52s p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", "place-a-call round trip on the core thread",
                    pct(roundTrips, 0.50), pct(roundTrips, 0.99), roundTrips.get(roundTrips.size() - 1) / 1e6);
            System.out.printf("%-52s %d%n", "peak live channels (sampled)", peakChannels);
            System.out.printf("%-52s %.1f s (last patience %s)%n", "drain after the last arrival", drain, patience);
            System.out.printf("%-52s %d%n", "simulator errors", pbx.errors());
            System.out.printf("%-52s %d arrived, %d still live, %d AMI events (%.0f events/s over the run)%n",
                    "switchboard following over AMI", arrived, live, events, events / (arrivalSeconds + drain));
            vertx.close().await(10, TimeUnit.SECONDS); // the switchboard goes first, so it sees no PBX vanish
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
    }

    private static double metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
