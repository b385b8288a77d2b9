package se.vaxel.cases;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.db.Database;
import se.vaxel.db.DatabaseSettings;
import se.vaxel.pbxsim.PbxSimulator;

/**
 * Three register members on loopback sharing one database (an H2 file): a switchboard with the simulator's
 * citizens, and two bare members where synthetic desks write calls and notes. All three see one register; all
 * three stopped under traffic and started again, the register is whole from the database. Killed instead: with
 * one survivor no case is lost; when the last one dies too, only what was written in its last moments may be
 * (write-behind), and the restarted register is exactly what the database holds.
 */
class CaseRegisterClusterTest {

    private static final Duration DESK_PACE = Duration.ofMillis(20);

    @TempDir
    Path dir;

    private String cluster;
    private String url;
    /** Three ports free when the test starts (not fixed ones: another suite on this machine may run the same test). */
    private final int[] ports = new int[3];
    private List<String> members;

    private Map<String, String> switchboardSettings() {
        return new HashMap<>(Map.of("VAXEL_DB_URL", url, "VAXEL_CLUSTER_NAME", cluster, "VAXEL_CLUSTER_PORT", Integer.toString(ports[0]),
                "VAXEL_CLUSTER_MEMBERS", String.join(",", members), "VAXEL_WRAP_UP_SECONDS", "0.1",
                // one switchboard beside bare register members: it routes the PBX from its start, no lease to wait for
                "VAXEL_PBX_LEASE", "off"));
    }

    /** A bare member: the register and its own pool on the shared database, as another node would have. */
    private final class Member implements AutoCloseable {
        final Database db = Database.open(new DatabaseSettings(url, "vaxel", "", 2, Duration.ofSeconds(5)));
        final CaseRegister register;

        /** The member on the {@code i}th port (1 or 2; the switchboard has the first), configured as every Växel node is. */
        Member(int i) {
            // The back office's map included: members must agree on their maps (with members that did not, a stop hung).
            register = CaseRegister.start(new ClusterSettings(cluster, "127.0.0.1", ports[i], members, 1, 7),
                    new JdbcCaseStore(db, Duration.ofDays(7)),
                    config -> se.vaxel.backoffice.BackOfficeModule.configure(config, db, Duration.ofDays(7), 1));
        }

        void kill() {
            register.hazelcast().getLifecycleService().terminate();
        }

        @Override
        public void close() {
            try {
                if (register.hazelcast().getLifecycleService().isRunning()) {
                    register.close(); // write-behind flushed, then it leaves
                }
            } finally {
                db.close();
            }
        }
    }

    private void startCluster(String name) throws java.io.IOException {
        cluster = name + "-" + UUID.randomUUID();
        url = "jdbc:h2:file:" + dir.resolve("vaxel") + ";AUTO_SERVER=FALSE";
        List<java.net.ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < ports.length; i++) {
                held.add(new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()));
                ports[i] = held.get(i).getLocalPort();
            }
        } finally {
            for (java.net.ServerSocket s : held) {
                s.close();
            }
        }
        members = java.util.Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p).toList();
    }

    private static SwitchboardHarness switchboard(PbxSimulator pbx, Map<String, String> settings) throws Exception {
        return new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", CaseRegisterFaultTest.SECRET), settings);
    }

    private static Map<String, Case> all(CaseRegister r) {
        Map<String, Case> out = new HashMap<>();
        for (Case c : r.search(new CaseQuery(null, null, null, null, null, null, null, 0, CaseQuery.MAX_PAGE_SIZE)).cases()) {
            out.put(c.id(), c);
        }
        int total = r.search(new CaseQuery(null, null, null, null, null, null, null, 0, 1)).total();
        // Past one page: the whole map, read the same way the search does (values across members).
        if (total > out.size()) {
            out.clear();
            r.map().values().forEach(c -> out.put(c.id(), c));
        }
        assertEquals(total, out.size(), "no id twice");
        return out;
    }

    private static Map<String, Case> rows(String url) throws Exception {
        Map<String, Case> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, "vaxel", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT " + JdbcCaseStore.COLUMNS + " FROM call_case")) {
            while (rs.next()) {
                Case k = JdbcCaseStore.read(rs);
                assertTrue(out.put(k.id(), k) == null, "one row per case");
            }
        }
        return out;
    }

    private static Set<String> finishedIds(SwitchboardHarness sb) {
        Set<String> ids = new HashSet<>();
        sb.finished().forEach(c -> ids.add(c.getString("id")));
        return ids;
    }

    @Test
    void threeMembersShareOneRegisterAndAfterAllStopUnderTrafficItIsWholeAgainFromTheDatabase() throws Exception {
        startCluster("three");
        DeskTraffic.Ledger desks = new DeskTraffic.Ledger();
        Map<String, Case> before;
        Set<String> finished;
        try (PbxSimulator pbx = CaseRegisterFaultTest.pbx(); SwitchboardHarness a = switchboard(pbx, switchboardSettings());
                Member b = new Member(1); Member c = new Member(2)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> c.register.hazelcast().getCluster().getMembers().size() == 3);
            await().atMost(Duration.ofSeconds(10)).until(a.verticle().link()::isUp);
            CaseRegister ra = a.verticle().caseRegister();
            assertEquals(1, List.of(ra, b.register, c.register).stream().filter(r -> r.hazelcast().getCluster().getMembers()
                    .iterator().next().localMember()).count(), "one oldest member: the one retention runs on");

            // Traffic: citizens through the switchboard, desks writing calls and notes through the other two.
            try (DeskTraffic deskB = new DeskTraffic("b", b.register, desks, DESK_PACE);
                    DeskTraffic deskC = new DeskTraffic("c", c.register, desks, DESK_PACE)) {
                CaseRegisterFaultTest.placeCalls(pbx, 0, 40);
                await().atMost(Duration.ofSeconds(40)).until(() -> a.finished().size() == 40 && a.live().isEmpty());
            }
            // An agent at a desk on b writes notes on cases the switchboard opened.
            List<String> calls = new ArrayList<>(finishedIds(a));
            for (String id : calls.subList(0, 10)) {
                assertNotNull(b.register.apply(id, new CaseChange.AgentNotes("housing", "called about " + id, null, "anna.lind",
                        java.time.Instant.now())).toCompletableFuture().get());
            }

            // One register: what one member wrote, every member finds, field by field, and searches agree.
            Map<String, Case> seen = all(ra);
            assertTrue(seen.keySet().containsAll(calls) && seen.keySet().containsAll(desks.ids()), "every call and desk write");
            assertEquals(40 + desks.ids().size(), seen.size());
            for (String id : desks.ids()) {
                assertEquals(desks.last(id), seen.get(id), "as the desk's member acknowledged it");
            }
            assertEquals(seen, all(b.register));
            assertEquals(seen, all(c.register));
            for (String id : List.of(calls.get(0), "b-3", "c-5")) {
                assertEquals(seen.get(id), b.register.get(id).toCompletableFuture().get());
                assertEquals(seen.get(id), c.register.get(id).toCompletableFuture().get());
            }
            CaseQuery schools = new CaseQuery(null, null, "schools", null, Case.Outcome.ANSWERED, null, null, 0, 200);
            CasePage onB = b.register.search(schools);
            assertEquals(onB, c.register.search(schools));
            JsonObject overHttp = a.get("/api/cases?service=schools&outcome=answered&size=200", a.login("supervisor"));
            assertEquals(onB.total(), overHttp.getInteger("total"));
            assertEquals(new JsonArray(onB.cases().stream().map(CaseViews::json).toList()), overHttp.getJsonArray("cases"));

            // Under traffic again, all three stop, the switchboard first, with citizens still on the line.
            try (DeskTraffic deskB = new DeskTraffic("b2", b.register, desks, DESK_PACE);
                    DeskTraffic deskC = new DeskTraffic("c2", c.register, desks, DESK_PACE)) {
                CaseRegisterFaultTest.placeCalls(pbx, 40, 20);
                await().atMost(Duration.ofSeconds(20)).until(() -> a.finished().size() >= 45 && deskB.started() > 50);
                finished = finishedIds(a);
                a.close();
            }
            before = all(b.register);
            assertEquals(before, all(c.register));
            assertTrue(before.keySet().containsAll(finished), "every call that ended before the stop");
            assertTrue(before.values().stream().anyMatch(k -> k.outcome() == Case.Outcome.OPEN), "calls live at the stop");
            for (String id : desks.ids()) {
                assertEquals(desks.last(id), before.get(id), "every write acknowledged");
            }
        }
        assertEquals(before, rows(url), "written behind, every one, before the members left");

        // All three start again on the database: the register is whole, field by field, none twice.
        try (Member b = new Member(1); Member c = new Member(2); PbxSimulator pbx = CaseRegisterFaultTest.pbx();
                SwitchboardHarness a = switchboard(pbx, switchboardSettings())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> b.register.hazelcast().getCluster().getMembers().size() == 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> all(a.verticle().caseRegister()).size() == before.size());
            assertEquals(before, all(a.verticle().caseRegister()));
            assertEquals(before, all(c.register));
            assertEquals(before.size(), a.get("/api/cases?size=1", a.login("supervisor")).getInteger("total"));
        }
    }

    @Test
    void killedOneAtATimeNoCaseIsLostWhileOneSurvivesAndAHardKillOfTheLastLosesAtMostItsLastMoments() throws Exception {
        startCluster("killed");
        DeskTraffic.Ledger desks = new DeskTraffic.Ledger();
        Map<String, Case> settled;
        long killedAt;
        int lastBurst;
        try (PbxSimulator pbx = CaseRegisterFaultTest.pbx(); SwitchboardHarness a = switchboard(pbx, switchboardSettings());
                Member b = new Member(1); Member c = new Member(2)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> c.register.hazelcast().getCluster().getMembers().size() == 3);
            await().atMost(Duration.ofSeconds(10)).until(a.verticle().link()::isUp);
            CaseRegister ra = a.verticle().caseRegister();
            try (DeskTraffic onA = new DeskTraffic("a", ra, desks, DESK_PACE)) {
                DeskTraffic onB = new DeskTraffic("b", b.register, desks, DESK_PACE);
                DeskTraffic onC = new DeskTraffic("c", c.register, desks, DESK_PACE);
                CaseRegisterFaultTest.placeCalls(pbx, 0, 40);
                await().atMost(Duration.ofSeconds(30)).until(() -> a.finished().size() >= 15 && onB.started() > 50);
                // b dies without a word, mid-traffic: its partitions live on in their backups.
                b.kill();
                onB.close();
                await().atMost(Duration.ofSeconds(30)).until(() -> ra.hazelcast().getCluster().getMembers().size() == 2
                        && ra.hazelcast().getPartitionService().isClusterSafe());
                CaseRegisterFaultTest.placeCalls(pbx, 40, 20);
                await().atMost(Duration.ofSeconds(30)).until(() -> a.finished().size() >= 45);
                // Then c, once every case had its backup again: the switchboard's member is the one survivor.
                c.kill();
                onC.close();
                await().atMost(Duration.ofSeconds(30)).until(() -> ra.hazelcast().getCluster().getMembers().size() == 1);
                CaseRegisterFaultTest.placeCalls(pbx, 60, 20);
                await().atMost(Duration.ofSeconds(40)).until(() -> a.finished().size() == 80 && a.live().isEmpty());
            }
            // With one survivor no case is lost: every call (its last write is on its way as the call ends), every write
            // any member acknowledged.
            Set<String> finished = finishedIds(a);
            assertEquals(80, finished.size());
            // Every call's last write lands (a synthetic desk call cut short on a killed member stays open: its writer died).
            await().atMost(Duration.ofSeconds(20)).until(() -> finished.stream().allMatch(id -> {
                Case k = ra.get(id).toCompletableFuture().join();
                return k != null && k.outcome() != Case.Outcome.OPEN;
            }));
            settled = all(ra);
            for (String id : finished) {
                assertTrue(settled.containsKey(id) && settled.get(id).outcome() != Case.Outcome.OPEN, "call " + id + ": " + settled.get(id));
            }
            for (String id : desks.ids()) {
                assertKept(desks.last(id), settled.get(id), "acknowledged, so kept");
            }
            // Every call and every acknowledged write is there, and nothing else but a desk call whose opening write
            // reached the register as its member was killed (its answer died with the member).
            assertTrue(settled.keySet().containsAll(finished) && settled.keySet().containsAll(desks.ids()));
            for (String id : settled.keySet()) {
                assertTrue(finished.contains(id) || desks.ids().contains(id) || id.matches("[bc]-\\d+"), "a case from nowhere: " + id);
            }

            // The last member is killed too, mid-writes: nothing is left to flush its write-behind queue.
            try (DeskTraffic burst = new DeskTraffic("last", ra, desks, DESK_PACE)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> burst.started() >= 250); // 5 s of writes
                killedAt = System.nanoTime();
                ra.hazelcast().getLifecycleService().terminate();
                lastBurst = burst.started();
            }
        }
        Map<String, Case> rows = rows(url);
        // What was settled 5 s before the kill (the write delay is 1 s) is in the database as it was.
        for (Map.Entry<String, Case> e : settled.entrySet()) {
            assertEquals(e.getValue(), rows.get(e.getKey()), "written behind before the kill: " + e.getKey());
        }
        int recent = 0;
        int stale = 0;
        for (String id : desks.ids()) {
            if (killedAt - desks.lastAckNanos(id) > Duration.ofSeconds(5).toNanos()) {
                assertKept(desks.last(id), rows.get(id), "acknowledged 5 s before the kill: " + id);
            } else {
                recent++;
                stale += desks.last(id).equals(rows.get(id)) ? 0 : 1;
            }
        }
        System.out.printf("Hard kill of the last member: of %d calls written in its last 5 s (%d started in the burst),"
                + " %d were not in the database as last acknowledged (missing or older)%n", recent, lastBurst, stale);

        // Started again: the register is exactly what the database holds, none twice.
        try (Member again = new Member(1)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> again.register.size() == rows.size());
            assertEquals(rows, all(again.register));
        }
    }

    /**
     * No acknowledged write lost: the state is the one last acknowledged, or a later step of the same call. A step
     * sent through a member killed mid-write can be applied where the case lives (the backup taking over) while its
     * answer dies with the member: the writer never hears of it, but it is not lost either.
     */
    private static void assertKept(Case acknowledged, Case actual, String what) {
        if (acknowledged.equals(actual)) {
            return;
        }
        assertTrue(actual != null && actual.id().equals(acknowledged.id())
                && actual.timeline().size() > acknowledged.timeline().size()
                && actual.timeline().subList(0, acknowledged.timeline().size()).equals(acknowledged.timeline())
                && !actual.updatedAt().isBefore(acknowledged.updatedAt()),
                what + ": acknowledged " + acknowledged + " but found " + actual);
    }
}
