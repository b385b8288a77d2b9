package se.vaxel.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples every node's {@code currentToken} view of every PBX from a thread of its own, all the test long, and keeps
 * what would break the promise: two nodes that both own a PBX at the same moment, or a token that goes back.
 * <p>
 * "At the same moment" is shown, not guessed: each sweep reads every node twice, in turn. A node that says yes holds
 * the lease in the map at that instant (it acts only inside its lease), and a lease that lapses is never renewed (a
 * new grant gets a new token): so a node that shows the same token in both passes held the PBX all through the sweep,
 * and two such nodes in one sweep held it at once. A node that changed between the passes (an owner stopping, another
 * beginning) proves nothing either way and is not counted for that sweep.
 */
final class OwnerWatch implements AutoCloseable {

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
            for (String pbx : cluster.pbxs) {
                long[] first = new long[nodes.size()];
                for (int i = 0; i < nodes.size(); i++) {
                    first[i] = nodes.get(i).token(pbx).orElse(-1);
                }
                List<long[]> throughout = new ArrayList<>();
                for (int i = 0; i < nodes.size(); i++) {
                    long again = nodes.get(i).token(pbx).orElse(-1);
                    if (again >= 0 && again == first[i]) {
                        throughout.add(new long[] {nodes.get(i).index, again});
                    }
                }
                check(pbx, throughout);
            }
            sweeps++;
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
