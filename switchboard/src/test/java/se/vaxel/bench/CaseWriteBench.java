package se.vaxel.bench;

import com.hazelcast.map.LocalMapStats;
import com.hazelcast.map.MapStore;
import com.hazelcast.query.LocalIndexStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import se.vaxel.cases.Case;
import se.vaxel.cases.CaseRegister;
import se.vaxel.cases.ClusterSettings;
import se.vaxel.cases.JdbcCaseStore;
import se.vaxel.cases.SyntheticCalls;
import se.vaxel.db.Database;
import se.vaxel.db.TestDatabases;

/**
 * Case writes per second: per call the case created, three call facts and the agent's notes (the
 * {@code CaseChange} entry processors the recorder and the desk use; {@link SyntheticCalls}), each after the one
 * before is acknowledged, many calls at once, entering round-robin through every member. On one member and on
 * two (backup count 1), with the database on (H2 file, PostgreSQL). Reported: calls/s and map writes/s until
 * the last write is acknowledged; rows/s reaching the database behind the map (write-behind, 1 s delay,
 * coalesced) until the last call's final state is stored; and the memory one case costs in the map (BINARY).
 *
 * <p>Arguments ({@code -Dbench.args="..."}): {@code nodes=1,2 db=h2,postgresql calls=20000 warmup=4000 inflight=64}.
 */
public final class CaseWriteBench {

    private CaseWriteBench() {}

    /** What the members' stores wrote, together: rows, batches, and when every final state of a run is in. */
    static final class Tally {
        final AtomicLong rows = new AtomicLong();
        final AtomicLong batches = new AtomicLong();
        private final Set<String> finals = ConcurrentHashMap.newKeySet();
        private volatile CountDownLatch all = new CountDownLatch(0);
        private volatile String prefix = "";

        /** From now on counts the final states (with the agent's resolution) of ids starting with the prefix. */
        CountDownLatch expect(String ids, int calls) {
            finals.clear();
            all = new CountDownLatch(calls);
            prefix = ids;
            return all;
        }

        void stored(Map<String, Case> cases) {
            rows.addAndGet(cases.size());
            batches.incrementAndGet();
            for (Case c : cases.values()) {
                if (c.resolution() != null && c.id().startsWith(prefix) && finals.add(c.id())) {
                    all.countDown();
                }
            }
        }
    }

    /** A member's MapStore as the bench measures it: the real one, counted. */
    static final class CountingStore implements MapStore<String, Case> {
        private final JdbcCaseStore store;
        private final Tally tally;

        CountingStore(JdbcCaseStore store, Tally tally) {
            this.store = store;
            this.tally = tally;
        }

        @Override
        public void storeAll(Map<String, Case> cases) {
            store.storeAll(cases);
            tally.stored(cases);
        }

        @Override
        public void store(String key, Case value) {
            storeAll(Map.of(key, value));
        }

        @Override
        public void delete(String key) {
            store.delete(key);
        }

        @Override
        public void deleteAll(Collection<String> keys) {
            store.deleteAll(keys);
        }

        @Override
        public Case load(String key) {
            return store.load(key);
        }

        @Override
        public Map<String, Case> loadAll(Collection<String> keys) {
            return store.loadAll(keys);
        }

        @Override
        public Iterable<String> loadAllKeys() {
            return store.loadAllKeys();
        }
    }

    record Result(String db, int nodes, int calls, double writeSeconds, double drainSeconds, long rows, long batches,
            double ownedBytesPerCase, double backupBytesPerCase, double indexBytesPerCase, double heapBytesPerCase) {

        double callsPerSecond() {
            return calls / writeSeconds;
        }

        double rowsPerSecond() {
            return calls / drainSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>(Map.of("nodes", "1,2", "db", "h2,postgresql", "calls", "20000", "warmup", "4000",
                "inflight", "64"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        int calls = Integer.parseInt(a.get("calls"));
        int warmup = Integer.parseInt(a.get("warmup"));
        int inflight = Integer.parseInt(a.get("inflight"));
        System.out.printf(Locale.ROOT, "Case write benchmark, %s; %d cores, %s %s, max heap %d MB; %d calls (after %d warm-up), %d"
                + " under way at once, %d map writes per call%n", Instant.now(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), Runtime.getRuntime().maxMemory() >> 20,
                calls, warmup, inflight, SyntheticCalls.WRITES_PER_CALL);
        Path dir = Files.createTempDirectory("case-bench");
        List<Result> results = new ArrayList<>();
        for (String db : a.get("db").split(",")) {
            for (String nodes : a.get("nodes").split(",")) {
                try (TestDatabases dbs = new TestDatabases(dir)) {
                    results.add(run(dbs, db, Integer.parseInt(nodes), calls, warmup, inflight));
                } catch (org.opentest4j.TestAbortedException e) {
                    System.out.println(db + " skipped: " + e.getMessage());
                }
            }
        }
        System.out.println();
        System.out.println("| database | members | calls | calls/s | map writes/s | rows/s to the database | rows written (batches) |"
                + " owned bytes/case | backup bytes/case | index bytes/case | heap bytes/case (cluster) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %d | %,d | %,.0f | %,.0f | %,.0f | %,d (%,d) | %,.0f | %,.0f | %,.0f | %,.0f |%n",
                    r.db(), r.nodes(), r.calls(), r.callsPerSecond(), r.callsPerSecond() * SyntheticCalls.WRITES_PER_CALL,
                    r.rowsPerSecond(), r.rows(), r.batches(), r.ownedBytesPerCase(), r.backupBytesPerCase(), r.indexBytesPerCase(),
                    r.heapBytesPerCase());
        }
        System.exit(0);
    }

    private static Result run(TestDatabases dbs, String kind, int nodes, int calls, int warmup, int inflight) throws Exception {
        String cluster = "case-bench-" + UUID.randomUUID();
        List<String> members = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            members.add("127.0.0.1:" + (5991 + i));
        }
        var settings = dbs.settings(kind);
        List<Database> databases = new ArrayList<>();
        Tally tally = new Tally();
        List<CaseRegister> registers = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) {
                Database db = Database.open(settings);
                databases.add(db);
                CountingStore store = new CountingStore(new JdbcCaseStore(db, Duration.ofDays(7)), tally);
                registers.add(CaseRegister.start(new ClusterSettings(cluster, "127.0.0.1", 5991 + i, members, 1, 7), store));
            }
            while (registers.get(0).hazelcast().getCluster().getMembers().size() < nodes) {
                Thread.onSpinWait();
            }
            System.out.printf(Locale.ROOT, "%n%s, %d member(s):%n", kind, nodes);
            write(registers, tally, "warm", warmup, inflight);
            long heapBefore = HeapCost.usedHeapAfterGc();
            long rowsBefore = tally.rows.get();
            long batchesBefore = tally.batches.get();
            double[] seconds = write(registers, tally, "run", calls, inflight);
            long heapAfter = HeapCost.usedHeapAfterGc();
            long rows = tally.rows.get() - rowsBefore;
            long batches = tally.batches.get() - batchesBefore;
            long owned = 0;
            long ownedCost = 0;
            long backupCost = 0;
            long indexCost = 0;
            for (CaseRegister r : registers) {
                LocalMapStats stats = r.hazelcast().getMap(CaseRegister.MAP).getLocalMapStats();
                owned += stats.getOwnedEntryCount();
                ownedCost += stats.getOwnedEntryMemoryCost();
                backupCost += stats.getBackupEntryMemoryCost();
                indexCost += stats.getIndexStats().values().stream().mapToLong(LocalIndexStats::getMemoryCost).sum();
            }
            Result r = new Result(kind, nodes, calls, seconds[0], seconds[1], rows, batches, (double) ownedCost / owned,
                    (double) backupCost / owned, (double) indexCost / owned, (double) (heapAfter - heapBefore) / calls);
            System.out.printf(Locale.ROOT, "  %,d calls in %.2f s: %,.0f calls/s, %,.0f map writes/s; every final state in the"
                    + " database after %.2f s: %,.0f rows/s (%,d rows in %,d batches); %,d cases in the map%n", calls, seconds[0],
                    r.callsPerSecond(), r.callsPerSecond() * SyntheticCalls.WRITES_PER_CALL, seconds[1], r.rowsPerSecond(), rows,
                    batches, owned);
            return r;
        } finally {
            for (CaseRegister r : registers) {
                r.hazelcast().shutdown();
            }
            databases.forEach(Database::close);
        }
    }

    /** Writes the calls, {@code inflight} at a time; the seconds until the last was acknowledged and until all were stored. */
    private static double[] write(List<CaseRegister> registers, Tally tally, String prefix, int calls, int inflight)
            throws InterruptedException {
        CountDownLatch stored = tally.expect(prefix + "-", calls);
        Semaphore slots = new Semaphore(inflight);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Instant base = Instant.now();
        long start = System.nanoTime();
        for (int n = 0; n < calls; n++) {
            slots.acquire();
            SyntheticCalls.write(registers.get(n % registers.size()), prefix + "-" + n, n, base.plusMillis(n), c -> { })
                    .whenComplete((c, e) -> {
                        if (e != null) {
                            failed.compareAndSet(null, e);
                        }
                        slots.release();
                    });
        }
        slots.acquire(inflight);
        long written = System.nanoTime();
        if (failed.get() != null) {
            throw new IllegalStateException("a write failed", failed.get());
        }
        if (!stored.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the database did not get every call within 5 minutes");
        }
        long drained = System.nanoTime();
        return new double[] {(written - start) / 1e9, (drained - start) / 1e9};
    }
}
