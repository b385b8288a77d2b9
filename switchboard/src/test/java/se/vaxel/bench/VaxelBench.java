package se.vaxel.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * Växel's AMI ingest and live-state benchmarks, in one run; see README.md beside this file.
 *
 * <p>System properties: {@code bench.copies} (copies of the recorded scenario in the main stream, 50),
 * {@code bench.runs} (timed passes per figure, 3; the median is reported), {@code bench.liveCopies} (copies
 * for Asterisk-Java's live API, 5), {@code bench.liveSeconds} (its time bound, 30), {@code bench.warmups}
 * (untimed passes over the whole stream before each figure's timed ones, 2), {@code bench.calls}
 * (live calls for the heap figure, 10000), {@code bench.only} (comma list of vaxel, ceiling, apply, aj, live,
 * heap).
 */
public final class VaxelBench {

    private static final String SECRET = "bench-secret";

    private VaxelBench() {
    }

    private record Row(String figure, List<Double> eventsPerSecond, long events, double seconds, double mbPerSecond,
            String note) {}

    public static void main(String[] args) throws Exception {
        int copies = Integer.getInteger("bench.copies", 50);
        int runs = Integer.getInteger("bench.runs", 3);
        int liveCopies = Integer.getInteger("bench.liveCopies", 5);
        int liveSeconds = Integer.getInteger("bench.liveSeconds", 30);
        int calls = Integer.getInteger("bench.calls", 10_000);
        int warmups = Integer.getInteger("bench.warmups", 2);
        Set<String> only = Arrays.stream(System.getProperty("bench.only", "vaxel,ceiling,apply,aj,live,heap").split(","))
                .map(String::trim).collect(Collectors.toSet());

        printEnvironment();
        long t = System.nanoTime();
        BenchStream stream = BenchStream.build(copies, "1");
        System.out.printf(Locale.ROOT, "stream: %d copies of %s (%d events, %d calls each) + sentinel = %d events, %d calls, "
                + "%.1f MB in %d chunks; built and encoded in %.1f s%n", stream.copies, BenchStream.SCENARIO,
                stream.eventsPerCopy, stream.callsPerCopy, stream.events, stream.calls, stream.bytes / 1e6,
                stream.chunkCount(), (System.nanoTime() - t) / 1e9);

        List<Row> rows = new ArrayList<>();
        if (only.contains("vaxel")) {
            for (int i = 0; i < warmups; i++) {
                IngestBench.vaxel(stream, SECRET, -1 - i);
            }
            List<IngestBench.Pass> passes = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                IngestBench.Pass p = IngestBench.vaxel(stream, SECRET, i);
                passes.add(p);
                progress("Växel end-to-end", i, p.events(), p.nanos(), String.format(Locale.ROOT,
                        "socket drained after %.3f s; %s", p.socketDrainedNanos() / 1e9, p.note()));
            }
            rows.add(row("1  Växel end-to-end (TCP → AmiClient → AmiLink → translator → LiveCalls)", passes,
                    String.format(Locale.ROOT, "server had written the last byte after %.3f s (median)",
                            median(passes, p -> p.socketDrainedNanos() / 1e9))));
        }
        if (only.contains("metrics")) {
            // The queue metrics' cost on the hot path: the same end-to-end pass with counting on and off, alternating in
            // one run, so that the machine's drift affects both alike.
            Map<String, String> off = Map.of("VAXEL_QUEUE_METRICS", "false");
            for (int i = 0; i < warmups; i++) {
                IngestBench.vaxel(stream, SECRET, -1 - 2 * i, Map.of());
                IngestBench.vaxel(stream, SECRET, -2 - 2 * i, off);
            }
            List<IngestBench.Pass> on = new ArrayList<>();
            List<IngestBench.Pass> without = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                IngestBench.Pass a = i % 2 == 1 ? IngestBench.vaxel(stream, SECRET, 2 * i, Map.of()) : null;
                IngestBench.Pass b = IngestBench.vaxel(stream, SECRET, 2 * i + 1, off);
                if (a == null) {
                    a = IngestBench.vaxel(stream, SECRET, 2 * i, Map.of());
                }
                on.add(a);
                without.add(b);
                progress("Växel, queue metrics on", i, a.events(), a.nanos(), a.note());
                progress("Växel, queue metrics off", i, b.events(), b.nanos(), b.note());
            }
            rows.add(row("1m Växel end-to-end, queue metrics on", on, ""));
            rows.add(row("1o Växel end-to-end, queue metrics off (VAXEL_QUEUE_METRICS=false)", without, ""));
            // The same on one thread without I/O and the register: steadier, and the cost per event shows.
            List<AmiMessage> decoded = IngestBench.decodeAll(stream);
            for (int i = 0; i < warmups * 5; i++) {
                IngestBench.applyWithQueueMetrics(decoded, stream.bytes, i % 2 == 0);
            }
            List<IngestBench.Pass> applyOn = new ArrayList<>();
            List<IngestBench.Pass> applyOff = new ArrayList<>();
            for (int i = 1; i <= runs * 3; i++) {
                boolean onFirst = i % 2 == 1;
                IngestBench.Pass first = IngestBench.applyWithQueueMetrics(decoded, stream.bytes, onFirst);
                IngestBench.Pass second = IngestBench.applyWithQueueMetrics(decoded, stream.bytes, !onFirst);
                applyOn.add(onFirst ? first : second);
                applyOff.add(onFirst ? second : first);
            }
            rows.add(row("1mb translator + LiveCalls + queue metrics counting, one thread", applyOn, applyOn.get(0).note()));
            rows.add(row("1ob translator + LiveCalls + queue metrics not counting, one thread", applyOff, ""));
        }
        if (only.contains("ceiling")) {
            for (int i = 0; i < warmups; i++) {
                IngestBench.ceiling(stream, SECRET);
            }
            List<IngestBench.Pass> passes = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                IngestBench.Pass p = IngestBench.ceiling(stream, SECRET);
                passes.add(p);
                progress("ceiling", i, p.events(), p.nanos(), "");
            }
            rows.add(row("2  Ceiling (TCP → AmiDecoder → count)", passes, ""));
        }
        if (only.contains("apply")) {
            List<AmiMessage> decoded = IngestBench.decodeAll(stream);
            for (int i = 0; i < warmups; i++) {
                IngestBench.applyOnly(decoded, stream.bytes);
            }
            List<IngestBench.Pass> passes = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                IngestBench.Pass p = IngestBench.applyOnly(decoded, stream.bytes);
                passes.add(p);
                progress("translator+LiveCalls only", i, p.events(), p.nanos(), p.note());
            }
            rows.add(row("1b (breakdown) translator + LiveCalls alone, decoded messages, one thread", passes, ""));
        }
        double knownFraction = 0.9;
        if (only.contains("aj")) {
            for (int i = 0; i < warmups; i++) {
                Peers.managerConnection(stream, SECRET, 60);
            }
            List<Peers.Run> list = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                Peers.Run r = Peers.managerConnection(stream, SECRET, 60);
                list.add(r);
                progress("Asterisk-Java ManagerConnection", i, r.events(), r.nanos(),
                        r.note() + "; queue-full drops: " + r.dropped() + (r.complete() ? "" : "; DID NOT FINISH in 60 s"));
            }
            knownFraction = list.get(0).delivered() / (double) stream.events;
            List<Peers.Run> ok = list.stream().filter(Peers.Run::complete).toList();
            rows.add(new Row("3a Asterisk-Java 3.42.2 ManagerConnection, listener only counts",
                    ok.stream().map(r -> r.events() / (r.nanos() / 1e9)).toList(), stream.events,
                    median(ok, r -> r.nanos() / 1e9), median(ok, r -> r.bytes() / (r.nanos() / 1e9) / 1e6),
                    String.format(Locale.ROOT, "%d of %d runs finished; %d events reached the listener; drops %d", ok.size(),
                            list.size(), list.get(0).delivered(), list.get(0).dropped())));
        }
        if (only.contains("live")) {
            BenchStream liveStream = BenchStream.build(liveCopies, "2");
            Peers.Run r = Peers.liveApi(liveStream, SECRET, liveSeconds, knownFraction);
            progress("Asterisk-Java live API", 1, r.events(), r.nanos(), r.note());
            double s = r.nanos() / 1e9;
            rows.add(new Row("3b Asterisk-Java 3.42.2 live API (DefaultAsteriskServer)", List.of(r.events() / s), r.events(), s,
                    r.bytes() / s / 1e6, String.format(Locale.ROOT, "stream of %d copies (%d events); one run; %s",
                            liveCopies, liveStream.events, r.note())));
            liveStream.release();
        }
        stream.release();

        HeapCost.Result heap = null;
        if (only.contains("heap")) {
            heap = new HeapCost().measure(calls);
        }
        printTable(rows, heap, runs);
    }

    private static Row row(String figure, List<IngestBench.Pass> passes, String note) {
        return new Row(figure, passes.stream().map(p -> p.events() / (p.nanos() / 1e9)).toList(), passes.get(0).events(),
                median(passes, p -> p.nanos() / 1e9), median(passes, p -> p.bytes() / (p.nanos() / 1e9) / 1e6), note);
    }

    private static <T> double median(List<T> items, ToDoubleFunction<T> f) {
        double[] v = items.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void progress(String what, int run, long events, long nanos, String note) {
        System.out.printf(Locale.ROOT, "  %-32s run %d: %,d events in %.3f s = %,.0f events/s  %s%n", what, run, events,
                nanos / 1e9, events / (nanos / 1e9), note);
    }

    private static void printEnvironment() {
        Runtime rt = Runtime.getRuntime();
        String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
        System.out.printf(Locale.ROOT, "Växel ingest benchmark, %s%n", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        System.out.printf(Locale.ROOT, "JVM: %s %s (%s), max heap %d MB, GC: %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.vm.version"), System.getProperty("java.vendor"), rt.maxMemory() >> 20, gcs);
        System.out.printf(Locale.ROOT, "JVM args: %s%n", ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.printf(Locale.ROOT, "cores: %d available to the JVM; OS: %s %s %s%n", rt.availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
    }

    private static void printTable(List<Row> rows, HeapCost.Result heap, int runs) {
        System.out.println();
        System.out.printf(Locale.ROOT, "RESULTS (median of %d timed runs unless noted; seconds from the server's first byte "
                + "to the last event applied)%n", runs);
        String line = "-".repeat(150);
        System.out.println(line);
        System.out.printf(Locale.ROOT, "%-78s %9s %8s %10s %7s  %s%n", "figure", "events", "seconds", "events/s", "MB/s",
                "events/s of each run");
        System.out.println(line);
        for (Row r : rows) {
            double eps = median(r.eventsPerSecond(), d -> d);
            System.out.printf(Locale.ROOT, "%-78s %9d %8.3f %,10.0f %7.1f  %s%n", r.figure(), r.events(), r.seconds(), eps,
                    r.mbPerSecond(), r.eventsPerSecond().stream().map(d -> String.format(Locale.ROOT, "%,.0f", d))
                            .collect(Collectors.joining(" / ")));
            if (!r.note().isEmpty()) {
                System.out.printf(Locale.ROOT, "   %s%n", r.note());
            }
        }
        if (heap != null) {
            System.out.println(line);
            System.out.printf(Locale.ROOT, "4  Heap of %,d waiting calls (%,d channels) in translator + LiveCalls: %,d bytes "
                    + "= %,.0f bytes per live call (translator's tables alone: %,.0f bytes per call)%n", heap.calls(),
                    heap.liveChannels(), heap.bytesWholeStack(), heap.perCall(), heap.translatorPerCall());
        }
        System.out.println(line);
    }
}
