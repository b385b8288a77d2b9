package se.vaxel.auth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * A session logged out on one node is heard of on another: what closes a desk connected to a node other than the
 * one the log-out (DELETE /api/session) reached. Two Hazelcast members on loopback sharing the sessions map.
 */
class SessionStoreClusterTest {

    @Test
    void aLogOutOnOneMemberIsHeardOnTheOther() throws Exception {
        String cluster = "sessions-" + UUID.randomUUID();
        int[] ports = {freePort(), freePort()};
        List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
        HazelcastInstance one = Hazelcast.newHazelcastInstance(config(cluster, ports[0], members));
        HazelcastInstance two = Hazelcast.newHazelcastInstance(config(cluster, ports[1], members));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> two.getCluster().getMembers().size() == 2);
            SessionStore here = new SessionStore(one, Duration.ofHours(1), Clock.systemUTC());
            SessionStore there = new SessionStore(two, Duration.ofHours(1), Clock.systemUTC());
            Queue<SessionStore.Ended> heard = new ConcurrentLinkedQueue<>();
            there.onEnded(heard::add);
            String kept = here.open("anna.lind").toCompletableFuture().get().token();
            String token = here.open("karin.sjoberg").toCompletableFuture().get().token();

            here.close(token).toCompletableFuture().get();
            await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
            assertEquals(new SessionStore.Ended(Tokens.digest(token), false), heard.peek());
            assertFalse(heard.stream().anyMatch(e -> e.tokenDigest().equals(Tokens.digest(kept))), "only the one logged out");
        } finally {
            two.shutdown();
            one.shutdown();
        }
    }

    private static Config config(String cluster, int port, List<String> members) {
        Config c = new Config();
        c.setClusterName(cluster);
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        var join = c.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        return c;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
