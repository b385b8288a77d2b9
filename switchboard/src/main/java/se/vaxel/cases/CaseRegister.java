package se.vaxel.cases;

import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapStore;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The case register: a Hazelcast IMap of cases shared by every Växel node, each case with backups on
 * other nodes, written behind to the database through the {@link JdbcCaseStore} and loaded from it at start.
 * Indexed on what searches filter by. Starting and searching block (cluster join, a query across members):
 * call them off the event loop; {@link #put} and {@link #get} are asynchronous.
 */
public final class CaseRegister implements AutoCloseable {

    public static final String MAP = "cases";

    private final HazelcastInstance hazelcast;
    private final IMap<String, Case> cases;

    private CaseRegister(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.cases = hazelcast.getMap(MAP);
    }

    public static CaseRegister start(ClusterSettings cluster, MapStore<String, Case> store) {
        return start(cluster, store, config -> { });
    }

    /** Starts the member with more maps on it ({@code more} adds their configuration, e.g. the back office's matters). */
    public static CaseRegister start(ClusterSettings cluster, MapStore<String, Case> store,
            java.util.function.Consumer<Config> more) {
        poolHazelcastCallbacks();
        Config config = config(cluster, store);
        more.accept(config);
        return new CaseRegister(Hazelcast.newHazelcastInstance(config));
    }

    /**
     * Hazelcast completes its futures' callbacks (every {@code whenComplete}, and its own inside an entry
     * processor's or a get's future) on a default executor: the common ForkJoinPool, or, where that has a
     * parallelism of 1 (two cores or fewer, as on this project's machines), a new thread for every callback. That
     * cost a thread start per case write and held the register to about 500 calls a second (CaseWriteBench);
     * with a pool that keeps its threads it does several times that. A cached pool, so a callback that waits
     * never holds up another, as with a thread each. Hazelcast's internal API (checked on 5.6.0).
     */
    private static synchronized void poolHazelcastCallbacks() {
        if (!callbacksPooled && java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() <= 1) {
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            com.hazelcast.internal.util.ConcurrencyUtil.setDefaultAsyncExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "vaxel-hazelcast-callback-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            }));
        }
        callbacksPooled = true;
    }

    private static boolean callbacksPooled;

    static Config config(ClusterSettings cluster, MapStore<String, Case> store) {
        Config config = new Config();
        config.setClusterName(cluster.name());
        config.setInstanceName("vaxel-" + cluster.name() + "-" + cluster.port() + "-" + System.nanoTime());
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // Växel shuts its member down itself, after the AMI link, so that write-behind is flushed in order.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(20);
        network.getInterfaces().setEnabled(true).addInterface(cluster.bindAddress());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
        config.getSerializationConfig().getCompactSerializationConfig()
                .addSerializer(new CaseSerializers.CaseSerializer())
                .addSerializer(new CaseSerializers.CaseEntrySerializer());

        MapConfig map = new MapConfig(MAP).setBackupCount(cluster.backupCount()).setInMemoryFormat(InMemoryFormat.BINARY);
        for (String field : List.of("callerNumber", "citizenId", "service", "department", "outcome")) {
            map.addIndexConfig(new IndexConfig(IndexType.HASH, field));
        }
        map.addIndexConfig(new IndexConfig(IndexType.SORTED, "arrivedAt"));
        // Searches of staff without a protected identity role filter on it; the query takes the smallest index result.
        map.addIndexConfig(new IndexConfig(IndexType.HASH, "protectedIdentity"));
        map.setMapStoreConfig(new MapStoreConfig().setEnabled(true).setImplementation(store)
                // Written behind, coalesced per case, in batches: a call's several updates cost one row write.
                .setWriteDelaySeconds(1).setWriteBatchSize(500).setWriteCoalescing(true)
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER));
        config.addMapConfig(map);
        return config;
    }

    /**
     * A new call's case. Set, not read through the database first (as an entry processor or putIfAbsent would):
     * its id is new, and so cases are still opened while the database is away.
     */
    public CompletionStage<Void> create(Case c) {
        return cases.setAsync(c.id(), c);
    }

    /** Applies a change where the case lives; completes with the case after it (null: no such case). */
    public CompletionStage<Case> apply(String id, CaseChange change) {
        return cases.submitToKey(id, change);
    }

    public CompletionStage<Case> get(String id) {
        return cases.getAsync(id);
    }

    /** Blocking: a query across the members' indexes. Newest first, one page of it, with the total. */
    public CasePage search(CaseQuery query) {
        return search(query, true);
    }

    /**
     * Blocking: the same, leaving out the cases flagged as a protected identity's unless {@code withProtected}
     * (filtered on the members, so the total counts only what may be seen).
     */
    public CasePage search(CaseQuery query, boolean withProtected) {
        Predicate<String, Case> p = predicate(query);
        Collection<Case> found = cases.values(withProtected ? p : Predicates.and(p, Predicates.equal("protectedIdentity", false)));
        List<Case> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparing(Case::arrivedAt).reversed().thenComparing(Case::id));
        int from = Math.min(sorted.size(), query.page() * query.size());
        int to = Math.min(sorted.size(), from + query.size());
        return new CasePage(sorted.size(), query.page(), query.size(), List.copyOf(sorted.subList(from, to)));
    }

    @SuppressWarnings("unchecked")
    private static Predicate<String, Case> predicate(CaseQuery q) {
        List<Predicate<String, Case>> all = new ArrayList<>();
        if (q.number() != null) {
            all.add(Predicates.equal("callerNumber", q.number()));
        }
        if (q.citizen() != null) {
            all.add(Predicates.equal("citizenId", q.citizen()));
        }
        if (q.service() != null) {
            all.add(Predicates.equal("service", q.service()));
        }
        if (q.department() != null) {
            all.add(Predicates.equal("department", q.department()));
        }
        Predicate<String, Case> seen = q.scope() == null ? null : q.scope().predicate();
        if (seen != null) {
            all.add(seen);
        }
        if (q.outcome() != null) {
            all.add(Predicates.equal("outcome", q.outcome().wireName()));
        }
        if (q.from() != null) {
            all.add(Predicates.greaterEqual("arrivedAt", q.from().toEpochMilli()));
        }
        if (q.to() != null) {
            all.add(Predicates.lessThan("arrivedAt", q.to().toEpochMilli()));
        }
        return all.isEmpty() ? Predicates.alwaysTrue() : Predicates.and(all.toArray(Predicate[]::new));
    }

    /** Case changes this member holds that are not yet written to the database (its share of the write-behind). */
    public long unsaved() {
        return cases.getLocalMapStats().getDirtyEntryCount();
    }

    public int size() {
        return cases.size();
    }

    /** Blocking: writes what is queued behind the map to the database now. */
    public void flush() {
        cases.flush();
    }

    /** The map itself, for the register's own package (retention's queries and batches). */
    IMap<String, Case> map() {
        return cases;
    }

    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    @Override
    public void close() {
        try {
            cases.flush();
        } finally {
            hazelcast.shutdown();
        }
    }
}
