package se.vaxel.backoffice;

import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapStore;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The back office's matters: a Hazelcast IMap ({@code matters}) on the same cluster member as the case
 * register, with backups, indexes for the officers' lists, and written behind to the database. Changes are
 * entry processors ({@link MatterChange}), so concurrent claims are decided in one place. Searching blocks
 * (a query across members): call it off the event loop.
 */
public final class MatterRegister {

    public static final String MAP = "matters";

    private final IMap<String, Matter> matters;

    public MatterRegister(HazelcastInstance hazelcast) {
        this.matters = hazelcast.getMap(MAP);
    }

    /** Adds the matters' map to a member's configuration, before the member starts. */
    public static void configure(Config config, MapStore<String, Matter> store, int backups) {
        config.getSerializationConfig().getCompactSerializationConfig().addSerializer(new MatterSerializer());
        MapConfig map = new MapConfig(MAP).setBackupCount(backups).setInMemoryFormat(InMemoryFormat.BINARY);
        for (String field : List.of("department", "status", "officer", "citizenId", "callerNumber", "protectedIdentity")) {
            map.addIndexConfig(new IndexConfig(IndexType.HASH, field));
        }
        map.addIndexConfig(new IndexConfig(IndexType.SORTED, "deadline"));
        map.setMapStoreConfig(new MapStoreConfig().setEnabled(true).setImplementation(store)
                .setWriteDelaySeconds(1).setWriteBatchSize(500).setWriteCoalescing(true)
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER));
        config.addMapConfig(map);
    }

    public CompletionStage<MatterChange.Result> apply(String id, MatterChange change) {
        return matters.submitToKey(id, change);
    }

    public CompletionStage<Matter> get(String id) {
        return matters.getAsync(id);
    }

    /** Blocking. Most urgent first (earliest deadline), one page of it, with the total. */
    public MatterPage search(MatterQuery q) {
        List<Matter> found = new ArrayList<>(matters.values(predicate(q)));
        found.sort(Comparator.comparing(Matter::deadline).thenComparing(Matter::id));
        int from = Math.min(found.size(), q.page() * q.size());
        int to = Math.min(found.size(), from + q.size());
        return new MatterPage(found.size(), q.page(), q.size(), List.copyOf(found.subList(from, to)));
    }

    @SuppressWarnings("unchecked")
    private static Predicate<String, Matter> predicate(MatterQuery q) {
        List<Predicate<String, Matter>> all = new ArrayList<>();
        all.add(Predicates.in("department", q.departments().toArray(String[]::new)));
        if (!q.includeProtected()) {
            all.add(Predicates.equal("protectedIdentity", false));
        }
        if (q.status() != null) {
            all.add(Predicates.equal("status", q.status().wireName()));
        }
        if (q.officer() != null) {
            all.add(Predicates.equal("officer", q.officer()));
        }
        if (q.citizen() != null) {
            all.add(Predicates.equal("citizenId", q.citizen()));
        }
        if (q.number() != null) {
            all.add(Predicates.equal("callerNumber", q.number()));
        }
        if (q.overdueAt() != null) {
            all.add(Predicates.notEqual("status", Matter.Status.CLOSED.wireName()));
            all.add(Predicates.lessThan("deadline", q.overdueAt().toEpochMilli()));
        }
        return Predicates.and(all.toArray(Predicate[]::new));
    }

    /** Blocking: of these ids, those whose matter exists and is not closed. */
    public java.util.Set<String> notClosed(java.util.Collection<String> ids) {
        java.util.Set<String> out = new java.util.HashSet<>();
        matters.getAll(new java.util.HashSet<>(ids)).forEach((id, m) -> {
            if (m.status() != Matter.Status.CLOSED) {
                out.add(id);
            }
        });
        return out;
    }

    private static Predicate<String, Matter> closedBefore(java.time.Instant cutoff) {
        return Predicates.and(Predicates.equal("status", Matter.Status.CLOSED.wireName()),
                Predicates.lessThan("closedAt", cutoff.toEpochMilli()));
    }

    /** Blocking (retention): deletes the matters closed before the cutoff; the MapStore deletes their rows. */
    int deleteClosedBefore(java.time.Instant cutoff) {
        java.util.Set<String> ids = matters.keySet(closedBefore(cutoff));
        ids.forEach(matters::delete);
        return ids.size();
    }

    /** Blocking (retention): anonymises the matters closed before the cutoff not yet anonymised. */
    int anonymiseClosedBefore(java.time.Instant cutoff, java.time.Instant now) {
        @SuppressWarnings("unchecked")
        Predicate<String, Matter> due = Predicates.and(closedBefore(cutoff), Predicates.notEqual("summary", Matter.ANONYMISED));
        java.util.Set<String> ids = matters.keySet(due);
        if (!ids.isEmpty()) {
            matters.executeOnKeys(ids, new MatterChange.Anonymise(cutoff, now));
        }
        return ids.size();
    }

    /** How many matters a department has not closed, and how many of those are past their deadline. */
    public record Workload(long open, long overdue) {}

    /** Blocking: each department's workload now (departments with none are absent). */
    public java.util.Map<String, Workload> workload(java.time.Instant now) {
        java.util.Map<String, long[]> counts = new java.util.HashMap<>();
        for (Matter m : matters.values(Predicates.notEqual("status", Matter.Status.CLOSED.wireName()))) {
            long[] c = counts.computeIfAbsent(m.department(), d -> new long[2]);
            c[0]++;
            if (m.overdue(now)) {
                c[1]++;
            }
        }
        java.util.Map<String, Workload> out = new java.util.HashMap<>();
        counts.forEach((d, c) -> out.put(d, new Workload(c[0], c[1])));
        return out;
    }

    /** Blocking: writes what is queued behind the map to the database now. */
    public void flush() {
        matters.flush();
    }

    public int size() {
        return matters.size();
    }

    /** One page of matters and how many matched in all. */
    public record MatterPage(int total, int page, int size, List<Matter> matters) {}
}
