package se.vaxel.cases;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.db.Database;
import se.vaxel.db.DatabaseSettings;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * The register under faults, with real parts: a switchboard (with the simulator's citizens) and a second
 * register member in one cluster on loopback, and the database as an H2 server over TCP that can be stopped.
 * Killing the other member mid-traffic loses no case; a database away for a while gets every case once it
 * is back.
 */
class CaseRegisterFaultTest {

    static final String SECRET = "fault-secret";

    @TempDir
    Path dir;

    static PbxSimulator pbx() {
        return PbxSimulator.start(SimConfig.builder("vaxel", SECRET).seed(9).mode(SimConfig.Mode.ROUTE)
                .traffic(SimConfig.Traffic.none())
                .agents(SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(100), Duration.ofMillis(200))
                        .withTalk(Duration.ofMillis(300), Duration.ofMillis(500)).withMissedShare(0))
                .build());
    }

    static void placeCalls(PbxSimulator pbx, int from, int count) {
        for (int i = from; i < from + count; i++) {
            pbx.placeCitizenCall(String.format("+4670174%04d", i), "12340".charAt(i % 5), Duration.ofSeconds(60));
        }
    }

    static Set<String> caseIdsIn(String url) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url, "vaxel", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT id, outcome FROM call_case")) {
            while (rs.next()) {
                if (!"open".equals(rs.getString(2))) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    @Test
    void killingTheOtherMemberMidTrafficLosesNoCase() throws Exception {
        String cluster = "fault-" + UUID.randomUUID();
        String url = "jdbc:h2:file:" + dir.resolve("vaxel") + ";AUTO_SERVER=FALSE";
        Map<String, String> settings = new HashMap<>(Map.of("VAXEL_DB_URL", url, "VAXEL_CLUSTER_NAME", cluster,
                "VAXEL_CLUSTER_PORT", "5951", "VAXEL_CLUSTER_MEMBERS", "127.0.0.1:5951,127.0.0.1:5952",
                "VAXEL_WRAP_UP_SECONDS", "0.1", "VAXEL_PBX_LEASE", "off")); // beside a bare register member: no lease to wait for
        try (PbxSimulator pbx = pbx();
                SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET), settings);
                Database otherDb = Database.open(new DatabaseSettings(url, "vaxel", "", 2, Duration.ofSeconds(5)))) {
            CaseRegister other = CaseRegister.start(new ClusterSettings(cluster, "127.0.0.1", 5952,
                    List.of("127.0.0.1:5951", "127.0.0.1:5952"), 1, 7), new JdbcCaseStore(otherDb, Duration.ofDays(7)));
            await().atMost(Duration.ofSeconds(20)).until(() -> other.hazelcast().getCluster().getMembers().size() == 2);
            await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);

            placeCalls(pbx, 0, 40);
            await().atMost(Duration.ofSeconds(30)).until(() -> sb.finished().size() >= 20);
            // The other member dies without a word: its partitions' cases live on in their backups.
            other.hazelcast().getLifecycleService().terminate();
            placeCalls(pbx, 40, 40);
            await().atMost(Duration.ofSeconds(60)).until(() -> sb.finished().size() == 80 && sb.live().isEmpty());

            CaseRegister register = sb.verticle().caseRegister();
            await().atMost(Duration.ofSeconds(10)).until(() -> register.search(new CaseQuery(null, null, null, null, null, null, null,
                    0, 200)).cases().stream().filter(c -> c.outcome() != Case.Outcome.OPEN).count() == 80);
            Set<String> finished = new HashSet<>();
            sb.finished().forEach(c -> finished.add(c.getString("id")));
            register.flush();
            await().atMost(Duration.ofSeconds(20)).until(() -> caseIdsIn(url).equals(finished));
            assertEquals(80, caseIdsIn(url).size(), "every call once in the database");
        }
    }

    @Test
    void aDatabaseAwayForAWhileGetsEveryCaseWhenItIsBack() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-tcpAllowOthers", "-ifNotExists", "-baseDir", dir.toString()).start();
        int port = h2.getPort();
        String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/vaxel";
        Map<String, String> settings = Map.of("VAXEL_DB_URL", url, "VAXEL_WRAP_UP_SECONDS", "0.1");
        try (PbxSimulator pbx = pbx();
                SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET), settings)) {
            await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);
            placeCalls(pbx, 100, 20);
            await().atMost(Duration.ofSeconds(30)).until(() -> sb.finished().size() == 20);

            h2.stop(); // the database goes away during traffic
            placeCalls(pbx, 120, 20);
            await().atMost(Duration.ofSeconds(30)).until(() -> sb.finished().size() == 40 && sb.live().isEmpty());
            assertEquals(40, sb.get("/api/cases?size=100", sb.login("supervisor")).getInteger("total"), "the register goes on without it");

            h2 = Server.createTcpServer("-tcpPort", Integer.toString(port), "-tcpAllowOthers", "-ifNotExists", "-baseDir",
                    dir.toString()).start();
            Set<String> finished = new HashSet<>();
            sb.finished().forEach(c -> finished.add(c.getString("id")));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                try {
                    return caseIdsIn(url).equals(finished);
                } catch (java.sql.SQLException e) {
                    return false;
                }
            });
            assertTrue(caseIdsIn(url).containsAll(finished));
        } finally {
            h2.stop();
        }
    }
}
