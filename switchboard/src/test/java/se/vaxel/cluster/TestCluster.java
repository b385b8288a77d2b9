package se.vaxel.cluster;

import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.map.MapStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import se.vaxel.cases.Case;
import se.vaxel.cases.CaseRegister;
import se.vaxel.cases.ClusterSettings;

/**
 * Växel nodes' cluster members in one JVM, each configured as a node's is (the case register's member, its explicit
 * member list, no multicast) with the PBX lease map added by {@link PbxOwnership#configure}, each on its own loopback
 * address behind {@link Links}, and a short lease (TTL 1.5 s) so the tests run in seconds.
 */
final class TestCluster implements AutoCloseable {

    static final Duration TTL = Duration.ofMillis(1500);
    static final Duration MARGIN = Duration.ofMillis(400);

    /** The PBXs every node contends for; chosen before any node contends. */
    volatile List<String> pbxs;
    final OwnershipSettings settings;
    final Links links = new Links();
    private final String name = "lease-" + UUID.randomUUID();
    private final int[] memberPorts;
    private final int[] proxyPorts;
    private final List<String> members = new ArrayList<>();
    private final Consumer<Config> extra;
    /** Every node started, in order; a restarted index is a new node (the old one stays: its view must stay quiet). */
    private final List<Node> nodes = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** When a member was first seen leaving, by member id (nanoTime). */
    final Map<String, Long> removedAt = new ConcurrentHashMap<>();

    TestCluster(int size, List<String> pbxs, Consumer<Config> extra) throws IOException {
        this.pbxs = List.copyOf(pbxs);
        this.extra = extra;
        memberPorts = new int[size];
        proxyPorts = new int[size];
        for (int i = 0; i < size; i++) {
            memberPorts[i] = freePort(host(i));
            proxyPorts[i] = freePort(host(i));
            members.add(host(i) + ":" + proxyPorts[i]);
        }
        ClusterSettings any = cluster(0);
        settings = OwnershipSettings.defaults(any).withTiming(TTL, MARGIN).withMemberTimeout(Duration.ofSeconds(6));
    }

    static String host(int i) {
        return "127.0.0." + (i + 1);
    }

    private ClusterSettings cluster(int i) {
        return new ClusterSettings(name, host(i), memberPorts[i], members, 1, 7);
    }

    /** Starts node {@code i}'s member and its ownership. */
    Node start(int i) {
        return start(i, UnaryOperator.identity());
    }

    Node start(int i, UnaryOperator<LeaseStore> wrap) {
        Node node = member(i);
        node.contend(wrap);
        return node;
    }

    /** Starts every node's member and waits until they form one settled cluster; nobody contends yet. */
    List<Node> members(int count) {
        List<Node> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(member(i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> settled(count));
        return started;
    }

    /** Starts {@code count} nodes, all contending, and waits until every PBX has an owner. */
    void startAll(int count) {
        members(count).forEach(n -> n.contend(UnaryOperator.identity()));
        await().atMost(Duration.ofSeconds(20)).until(() -> pbxs.stream().allMatch(p -> owner(p).isPresent()));
    }

    /** {@code first} contends (through {@code wrap}) until it owns every PBX; then the other running nodes contend. */
    void contendFirst(Node first, UnaryOperator<LeaseStore> wrap) {
        first.contend(wrap);
        await().atMost(Duration.ofSeconds(10)).until(() -> pbxs.stream().allMatch(p -> first.token(p).isPresent()));
        nodes.stream().filter(n -> n != first && n.running()).forEach(n -> n.contend(UnaryOperator.identity()));
    }

    /** Starts node {@code i}'s member only (its ownership with {@link Node#contend}). */
    Node member(int i) {
        // Its proxy from its first start on: until then a member that looks for it is refused at once.
        if (nodes.stream().noneMatch(n -> n.index == i)) {
            try {
                links.proxy(host(i), proxyPorts[i], memberPorts[i]);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        CaseRegister register = CaseRegister.start(cluster(i), new NoCases(), config -> {
            PbxOwnership.configure(config, settings);
            // Reached through its proxy: the address the others know it by. Bound to its own loopback address, which
            // is no interface's address (only 127.0.0.1 is), so named directly instead of matched among interfaces.
            config.getNetworkConfig().setPublicAddress(host(i) + ":" + proxyPorts[i]);
            config.getNetworkConfig().getInterfaces().setEnabled(false);
            config.setProperty("hazelcast.local.localAddress", host(i));
            // Joins within a second or two, rather than waiting 5 s for others to find first.
            config.setProperty("hazelcast.wait.seconds.before.join", "1");
            config.getNetworkConfig().getJoin().getTcpIpConfig().setConnectionTimeoutSeconds(1);
            extra.accept(config);
        });
        register.hazelcast().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // not timed
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                removedAt.putIfAbsent(event.getMember().getUuid().toString(), System.nanoTime());
            }
        });
        Node node = new Node(i, register);
        nodes.add(node);
        return node;
    }

    /** Every node started so far, killed and stopped ones too (their views must stay quiet). */
    List<Node> nodes() {
        return nodes;
    }

    /** Whether every running member sees {@code members} members and has every partition backed up. */
    boolean settled(int members) {
        return nodes.stream().filter(Node::running).allMatch(n -> n.clusterSize() == members
                && n.register.hazelcast().getPartitionService().isClusterSafe());
    }

    /** The node that owns {@code pbx} now by its own fence, if one does. */
    Optional<Node> owner(String pbx) {
        return nodes().stream().filter(n -> n.token(pbx).isPresent()).findFirst();
    }

    /** The first of pbx-0, pbx-1, ... whose entry's partition {@code node} owns (or, with {@code on} false, does not). */
    static String pbxWithEntry(Node node, boolean on) {
        for (int i = 0; ; i++) {
            String pbx = "pbx-" + i;
            if (node.register.hazelcast().getPartitionService().getPartition(pbx).getOwner().localMember() == on) {
                return pbx;
            }
        }
    }

    /** Seconds since {@code nanos}, for reports. */
    static double since(long from, long to) {
        return (to - from) / 1e9;
    }

    @Override
    public void close() {
        for (Node n : nodes()) {
            n.stopQuietly();
        }
        links.close();
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }

    /** An event and when this node's listener heard it. */
    record Timed(long nanos, OwnershipEvent event) {}

    final class Node {
        final int index;
        final CaseRegister register;
        final String memberId;
        volatile PbxOwnership ownership;
        final List<Timed> events = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean killed;

        Node(int index, CaseRegister register) {
            this.index = index;
            this.register = register;
            this.memberId = register.hazelcast().getCluster().getLocalMember().getUuid().toString();
        }

        void contend(UnaryOperator<LeaseStore> wrap) {
            ownership = new PbxOwnership(register.hazelcast(), settings, pbxs, wrap)
                    .listen(e -> events.add(new Timed(System.nanoTime(), e)));
            ownership.start();
        }

        OptionalLong token(String pbx) {
            PbxOwnership o = ownership;
            return o == null ? OptionalLong.empty() : o.currentToken(pbx);
        }

        /** The events of one kind for one PBX, in order. */
        <E extends OwnershipEvent> List<E> events(Class<E> kind, String pbx) {
            synchronized (events) {
                return events.stream().map(Timed::event).filter(kind::isInstance).map(kind::cast)
                        .filter(e -> e.pbx().equals(pbx)).toList();
            }
        }

        /** When this node first heard an event matching {@code what} (nanoTime), or -1. */
        long heard(java.util.function.Predicate<OwnershipEvent> what) {
            synchronized (events) {
                return events.stream().filter(t -> what.test(t.event())).mapToLong(Timed::nanos).findFirst().orElse(-1);
            }
        }

        /** Hard: the member dies without a word (its ownership object lives on, and must fall silent by itself). */
        void kill() {
            killed = true;
            register.hazelcast().getLifecycleService().terminate();
        }

        /** Gracefully: the ownership releases, then the member leaves. */
        void stop() {
            if (ownership != null) {
                ownership.close();
            }
            register.close();
        }

        int clusterSize() {
            return register.hazelcast().getCluster().getMembers().size();
        }

        boolean running() {
            return register.hazelcast().getLifecycleService().isRunning();
        }

        private void stopQuietly() {
            try {
                if (ownership != null) {
                    ownership.close();
                }
            } finally {
                if (!killed && register.hazelcast().getLifecycleService().isRunning()) {
                    register.hazelcast().getLifecycleService().terminate();
                }
            }
        }
    }

    /** The register's member without a database: the tests here are about the lease map beside it. */
    private static final class NoCases implements MapStore<String, Case> {
        @Override
        public void store(String key, Case value) {
        }

        @Override
        public void storeAll(Map<String, Case> map) {
        }

        @Override
        public void delete(String key) {
        }

        @Override
        public void deleteAll(Collection<String> keys) {
        }

        @Override
        public Case load(String key) {
            return null;
        }

        @Override
        public Map<String, Case> loadAll(Collection<String> keys) {
            return Map.of();
        }

        @Override
        public Iterable<String> loadAllKeys() {
            return List.of();
        }
    }
}
