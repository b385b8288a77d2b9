package se.vaxel.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly one owner per PBX across the cluster, with a fencing token: every node runs a {@link Contender} for each
 * configured PBX; the one that holds the PBX's lease in the {@code pbx-owners} map owns it until its local deadline.
 * See this package's README for the rules and what they guarantee.
 * <p>
 * Threads: the contenders and the listeners run on one thread of this object's own ({@code vaxel-pbx-ownership});
 * {@link #start()} and the fence checks never block; {@link #close()} blocks (it releases the leases) and belongs on
 * a worker thread. Listeners added before {@link #start()} see every event.
 */
public final class PbxOwnership implements AutoCloseable {

    public static final String MAP = "pbx-owners";
    public static final String SPLIT_BRAIN_PROTECTION = "pbx-owners-quorum";
    static final String BACKUP_TIMEOUT = "hazelcast.operation.backup.timeout.millis";
    private static final long DEFAULT_BACKUP_TIMEOUT_MILLIS = 5000;

    private static final Logger log = LoggerFactory.getLogger(PbxOwnership.class);

    private final HazelcastInstance hazelcast;
    private final OwnershipSettings settings;
    private final IMap<String, PbxLease> map;
    private final Map<String, Contender> contenders = new LinkedHashMap<>();
    private final List<Consumer<OwnershipEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor thread;
    private UUID membershipListener;
    private UUID entryListener;
    private boolean started;
    private boolean closed;

    /** Adds the lease map to a member's configuration (before the member starts), with its quorum and merge policy. */
    public static void configure(Config config, OwnershipSettings settings) {
        long backupTimeout = config.getProperty(BACKUP_TIMEOUT) == null ? DEFAULT_BACKUP_TIMEOUT_MILLIS
                : Long.parseLong(config.getProperty(BACKUP_TIMEOUT));
        // A write that misses a backup's acknowledgement is answered after this timeout: it must come too late to act on.
        if (settings.actFor().toMillis() >= backupTimeout) {
            throw new IllegalArgumentException("the lease TTL minus its margin (" + settings.actFor().toMillis()
                    + " ms) must be shorter than " + BACKUP_TIMEOUT + " (" + backupTimeout + " ms)");
        }
        config.getSerializationConfig().getCompactSerializationConfig().addSerializer(new PbxLease.Serializer());
        config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(SPLIT_BRAIN_PROTECTION, true, settings.quorum())
                .setProtectOn(SplitBrainProtectionOn.READ_WRITE));
        config.addMapConfig(new MapConfig(MAP).setBackupCount(settings.backups()).setAsyncBackupCount(0)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setSplitBrainProtectionName(SPLIT_BRAIN_PROTECTION)
                .setMergePolicyConfig(new MergePolicyConfig(PbxLeaseMergePolicy.class.getName(), MergePolicyConfig.DEFAULT_BATCH_SIZE)));
        // Failure detection for the whole member: a silent member is removed after memberTimeout (Hazelcast's default
        // is 60 s), so that a lease whose partition owner it was moves on within seconds. Left alone if already set.
        if (config.getProperty("hazelcast.max.no.heartbeat.seconds") == null) {
            config.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(settings.memberTimeout().getSeconds()));
        }
        if (config.getProperty("hazelcast.heartbeat.interval.seconds") == null) {
            config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        }
    }

    /** Contends for {@code pbxs} on this member (configured with {@link #configure}) once {@link #start()}ed. */
    public PbxOwnership(HazelcastInstance hazelcast, OwnershipSettings settings, Collection<String> pbxs) {
        this(hazelcast, settings, pbxs, UnaryOperator.identity());
    }

    /** With the way to the map wrapped (tests hold requests or answers back). */
    PbxOwnership(HazelcastInstance hazelcast, OwnershipSettings settings, Collection<String> pbxs, UnaryOperator<LeaseStore> wrap) {
        this.hazelcast = hazelcast;
        this.settings = settings;
        this.map = hazelcast.getMap(MAP);
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "vaxel-pbx-ownership");
            t.setDaemon(true);
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
        long ttlNanos = settings.ttl().toNanos();
        LeaseStore store = wrap.apply((pbx, request) -> map.submitToKey(pbx, new LeaseProcessor(request, ttlNanos, settings.quorum())));
        Executor hop = this::execute;
        String id = UUID.randomUUID().toString();
        for (String pbx : pbxs) {
            contenders.put(pbx, new Contender(pbx, id, () -> hazelcast.getCluster().getLocalMember().getUuid().toString(),
                    store, thread, hop, this::tell, settings));
        }
    }

    /** Adds a listener for {@link OwnershipEvent}s (called on this object's thread: hand off, return at once). */
    public PbxOwnership listen(Consumer<OwnershipEvent> listener) {
        listeners.add(listener);
        return this;
    }

    /** Starts contending; does not block. */
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        thread.execute(() -> {
            contenders.values().forEach(Contender::start);
            membershipListener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                    // nothing: a member that joins takes nothing over
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    execute(() -> contenders.values().forEach(Contender::memberLeft));
                }
            });
            // Blocks this thread a moment (a registration on every member), after the first requests are on their way.
            entryListener = map.addEntryListener((EntryUpdatedListener<String, PbxLease>) event -> {
                PbxLease lease = event.getValue();
                Contender c = contenders.get(event.getKey());
                if (c != null && lease != null && lease.nobodys()) {
                    execute(c::released);
                }
            }, true);
        });
    }

    /**
     * The token under which this node owns {@code pbx} now, or empty: no network call, no lock (a volatile read and
     * the clock), for a check before every action sent to the PBX.
     */
    public OptionalLong currentToken(String pbx) {
        Contender c = contenders.get(pbx);
        return c == null ? OptionalLong.empty() : c.token();
    }

    /** Whether this node still owns {@code pbx} under {@code token} (the one its takeover began with). */
    public boolean fence(String pbx, long token) {
        OptionalLong now = currentToken(pbx);
        return now.isPresent() && now.getAsLong() == token;
    }

    /** The PBXs this node owns now, with their tokens. */
    public Map<String, Long> owned() {
        Map<String, Long> owned = new LinkedHashMap<>();
        contenders.forEach((pbx, c) -> c.token().ifPresent(t -> owned.put(pbx, t)));
        return owned;
    }

    public OwnershipSettings settings() {
        return settings;
    }

    /**
     * Blocking: stops contending and releases what this node owns (each PBX stops being owned here, event {@code Lost},
     * before its release is sent), so that another node takes over at once; waits for the releases at most a TTL.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<CompletionStage<?>> releases = new ArrayList<>();
        try {
            thread.submit(() -> contenders.values().forEach(c -> releases.add(c.stop()))).get(settings.ttl().toMillis(), TimeUnit.MILLISECONDS);
            long until = System.nanoTime() + settings.ttl().toNanos();
            for (CompletionStage<?> release : releases) {
                release.toCompletableFuture().get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("PBX ownership: a release did not complete (the lease then expires on its own): {}", e.toString());
        }
        removeListeners();
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void removeListeners() {
        try {
            if (membershipListener != null) {
                hazelcast.getCluster().removeMembershipListener(membershipListener);
            }
            if (entryListener != null) {
                map.removeEntryListener(entryListener);
            }
        } catch (RuntimeException e) {
            log.debug("PBX ownership: listeners not removed (the member is stopping): {}", e.toString());
        }
    }

    /** On this object's thread; dropped once closed (an answer or event then no longer matters). */
    private void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void tell(OwnershipEvent event) {
        for (Consumer<OwnershipEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.error("PBX ownership listener failed on {}", event, e);
            }
        }
    }
}
