package se.vaxel.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples every node's {@code fence} view of every PBX from a thread of its own, all the test long, and keeps what
 * would break the promise: two nodes that both say they own a PBX in the same sweep, or a token that goes back.
 * A sweep reads every node within {@link #SWEEP_NANOS} or is not counted (a thread descheduled mid-sweep on a busy
 * machine sees moments apart, not one moment); one owner's end and the next one's start are at least the lease
 * margin apart (400 ms in these tests), far more than a counted sweep spans.
 */
final class OwnerWatch implements AutoCloseable {

    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final TestCluster cluster;
    private final Thread thread;
    private volatile boolean running = true;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    /** Per PBX: the (node, token) owners seen, in order, each once. */
    private final Map<String, List<long[]>> owners = new HashMap<>();
    private volatile long sweeps;

    OwnerWatch(TestCluster cluster) {
        this.cluster = cluster;
        cluster.pbxs.forEach(p -> owners.put(p, new ArrayList<>()));
        thread = new Thread(this::run, "owner-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            List<TestCluster.Node> nodes = cluster.nodes();
            long start = System.nanoTime();
            Map<String, List<long[]>> seen = new HashMap<>();
            for (String pbx : cluster.pbxs) {
                List<long[]> now = new ArrayList<>();
                for (TestCluster.Node n : nodes) {
                    OptionalLong t = n.token(pbx);
                    if (t.isPresent()) {
                        now.add(new long[] {n.index, t.getAsLong()});
                    }
                }
                seen.put(pbx, now);
            }
            if (System.nanoTime() - start <= SWEEP_NANOS) {
                sweeps++;
                seen.forEach(this::check);
            }
            LockSupport.parkNanos(1_000_000); // a thousand sweeps a second, without starving the members
        }
    }

    private void check(String pbx, List<long[]> now) {
        if (now.size() > 1) {
            StringBuilder s = new StringBuilder(pbx + " owned by several at once:");
            now.forEach(o -> s.append(" node ").append(o[0]).append(" token ").append(o[1]));
            violations.add(s.toString());
        }
        if (now.isEmpty()) {
            return;
        }
        long[] o = now.get(0);
        List<long[]> history = owners.get(pbx);
        synchronized (history) {
            long[] last = history.isEmpty() ? null : history.get(history.size() - 1);
            if (last == null || last[0] != o[0] || last[1] != o[1]) {
                if (last != null && o[1] <= last[1]) {
                    violations.add(pbx + ": token " + o[1] + " on node " + o[0] + " after " + last[1] + " on node " + last[0]);
                }
                history.add(o);
            }
        }
    }

    /** The owners of {@code pbx} seen so far, as "node:token". */
    List<String> owners(String pbx) {
        List<long[]> history = owners.get(pbx);
        synchronized (history) {
            return history.stream().map(o -> o[0] + ":" + o[1]).toList();
        }
    }

    void assertOneOwnerAtATime() {
        assertTrue(sweeps > 1000, "the watch sampled too little to say anything: " + sweeps + " sweeps");
        assertTrue(violations.isEmpty(), "over " + sweeps + " sweeps: " + violations);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2000);
    }
}
