package se.vaxel.backoffice;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.TestClock;
import se.vaxel.callbacks.CallbackDialler.AgentLeg;
import se.vaxel.calls.CallEvent;
import se.vaxel.calls.CallToCitizen;
import se.vaxel.cases.Case;
import se.vaxel.cases.CaseEntry;
import se.vaxel.cases.CaseRegister;
import se.vaxel.cases.ClusterSettings;
import se.vaxel.cases.JdbcCaseStore;
import se.vaxel.db.Database;
import se.vaxel.db.DatabaseSettings;

/**
 * The back office on a real register member (Hazelcast, the MapStores, an H2 file): transfer, claim, call
 * back, close, the refusals in between, what the case's timeline and the export hear, and a restart.
 */
class MatterHandlingTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private static final String OFFICE = """
            {"departments": [{"id": "building-permits", "feedbackWorkingDays": 2}, {"id": "schools"}],
             "officers": [{"id": "sara", "departments": ["building-permits"], "device": "PJSIP/2003"},
                          {"id": "erik", "departments": ["building-permits"], "device": "PJSIP/2002"},
                          {"id": "olle", "departments": ["schools"], "device": "PJSIP/2005"}]}""";

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(LocalDateTime.parse("2026-11-20T10:15").atZone(STOCKHOLM).toInstant());
    private final List<String> exported = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private AgentLeg officerAnswers = AgentLeg.ANSWERED;
    private Vertx vertx;
    private Database db;
    private String clusterName;
    private CaseRegister register;
    private MatterRegister matterRegister;
    private MatterHandling handling;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        db = Database.open(new DatabaseSettings("jdbc:h2:file:" + dir.resolve("vaxel"), "vaxel", "", 2, Duration.ofSeconds(5)));
        clusterName = "matters-" + UUID.randomUUID();
        startMember();
    }

    private void startMember() {
        ClusterSettings cluster = new ClusterSettings(clusterName, "127.0.0.1", 5811, List.of("127.0.0.1"), 1, 7);
        register = CaseRegister.start(cluster, new JdbcCaseStore(db, Duration.ofDays(7)),
                c -> MatterRegister.configure(c, new JdbcMatterStore(db, Duration.ofDays(7)), 1));
        matterRegister = new MatterRegister(register.hazelcast());
        handling = new MatterHandling(BackOffice.parse(OFFICE, "test", Map.of()), register, matterRegister,
                (type, m) -> exported.add(type + " " + m.id() + " " + m.status().wireName()), this::call, "+46701740605", vertx, clock);
    }

    private Future<AgentLeg> call(CallToCitizen call, String device, Duration ring) {
        calls.add(call.id() + " " + call.number() + " from " + call.fromNumber() + " via " + device);
        return Future.succeededFuture(officerAnswers);
    }

    @AfterEach
    void stop() {
        register.close();
        db.close();
        vertx.close();
    }

    private static <T> T done(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static int refused(Future<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> done(f));
        return ((BackOfficeRefusal) e.getCause()).status();
    }

    private void aCase(String id, String number) throws Exception {
        Instant at = clock.instant().minusSeconds(300);
        register.create(Case.opened(id, number, at).withCall(number, "building", Case.Outcome.ANSWERED, "PJSIP/1001",
                at.plusSeconds(20), at.plusSeconds(200), 20.0, 180.0)).toCompletableFuture().get();
    }

    private static final MatterHandling.Asker SARA = new MatterHandling.Asker("sara", false, false);
    private static final MatterHandling.Asker ERIK = new MatterHandling.Asker("erik", false, false);
    private static final MatterHandling.Asker OLLE = new MatterHandling.Asker("olle", false, false);
    private static final MatterHandling.Asker BOSS = new MatterHandling.Asker("boss", true, false);

    @Test
    void aMatterGoesFromTransferToFeedbackAndTheCaseAndTheExportHearOfIt() throws Exception {
        aCase("c1", "+46701740611");
        Matter m = done(handling.transfer("c1", "building-permits", "  Wants to know if the garage needs a permit  ", "agent-karin"));
        assertEquals(Matter.Status.OPEN, m.status());
        assertEquals("Wants to know if the garage needs a permit", m.summary());
        assertEquals("+46701740611", m.callerNumber(), "the number to call back comes from the case");
        assertEquals(LocalDateTime.parse("2026-11-24T16:30").atZone(STOCKHOLM).toInstant(), m.deadline(),
                "two working days from a Friday: Tuesday's end");
        Case c = register.get("c1").toCompletableFuture().get();
        assertEquals("building-permits", c.department());
        assertEquals("transferred_to_back_office", c.resolution());
        assertEquals("agent-karin", c.timeline().get(c.timeline().size() - 1).who());

        assertEquals(409, refused(handling.transfer("c1", "schools", "again", "agent-karin")), "one matter per case");
        assertEquals(404, refused(handling.get("c1", OLLE)), "another department's officer does not see it");
        assertEquals(409, refused(handling.callBack("c1", SARA)), "claim before calling");

        assertEquals("sara", done(handling.claim("c1", SARA, false)).officer());
        assertEquals("sara", done(handling.claim("c1", SARA, false)).officer(), "claiming twice changes nothing");
        assertEquals(409, refused(handling.claim("c1", ERIK, false)), "claimed by another");
        assertEquals(409, refused(handling.close("c1", "done", ERIK)), "only the claimer closes");

        done(handling.callBack("c1", SARA));
        assertEquals(List.of("matter/c1/1 +46701740611 from +46701740605 via PJSIP/2003"), calls, "the officer's phone first");
        handling.on(new CallEvent.CallbackDone("x", "matter/c1/1", "ANSWER", 95, clock.instant()));
        await().atMost(Duration.ofSeconds(5)).until(() -> done(handling.get("c1", SARA)).timeline().stream()
                .anyMatch(e -> e.what().equals("call_back_ended") && "answer, talked 95 s".equals(e.detail())));

        assertEquals(400, refused(handling.close("c1", " ", SARA)), "feedback is required");
        clock.advance(Duration.ofHours(2));
        Matter closed = done(handling.close("c1", "Told her a permit is needed; forms sent by post", SARA));
        assertEquals(Matter.Status.CLOSED, closed.status());
        assertEquals(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), closed.closedAt());
        assertEquals(List.of("transferred", "claimed", "call_back_placed", "officer_phone", "call_back_ended", "closed"),
                closed.timeline().stream().map(CaseEntry::what).toList());
        assertEquals(List.of("matter.transferred c1 open", "matter.closed c1 closed"), exported);
        await().atMost(Duration.ofSeconds(5)).until(() -> register.get("c1").toCompletableFuture().get().timeline().stream()
                .anyMatch(e -> e.what().equals("matter_closed")));
    }

    @Test
    void refusalsSayWhy() throws Exception {
        aCase("c2", "+46701740622");
        assertEquals(400, assertThrows(BackOfficeRefusal.class, () -> handling.transfer("c2", "parking", "x", "a")).status());
        assertEquals(400, assertThrows(BackOfficeRefusal.class, () -> handling.transfer("c2", "schools", "", "a")).status());
        assertEquals(404, refused(handling.transfer("nope", "schools", "x", "a")));
        done(handling.transfer("c2", "schools", "School place", "a"));
        assertEquals(403, refused(handling.claim("c2", BOSS, false)), "a supervisor who is no officer cannot hold a matter");
        done(handling.claim("c2", OLLE, false));
        officerAnswers = AgentLeg.NO_ANSWER;
        Matter afterCall = done(handling.callBack("c2", OLLE));
        assertEquals("no_answer", afterCall.timeline().get(afterCall.timeline().size() - 1).detail());
        assertEquals(Matter.Status.OPEN, done(handling.release("c2", BOSS)).status(), "a supervisor may release any");
        assertEquals(409, refused(handling.release("c2", OLLE)), "not claimed any more");

        // An agent who sees only their own phone's cases transfers only those: another's is no case to them.
        aCase("c5", "+46701740624");
        assertEquals(404, refused(handling.transfer("c5", "schools", "x", new MatterHandling.Asker("agent-eva", false, false, "PJSIP/1002"))));
        assertEquals("agent-karin", done(handling.transfer("c5", "schools", "Bus card",
                new MatterHandling.Asker("agent-karin", false, false, "PJSIP/1001"))).transferredBy(), "answered at her phone");

        aCase("c4", "+46701740623");
        done(handling.transfer("c4", "building-permits", "Fence", "a"));
        done(handling.claim("c4", SARA, false));
        assertEquals(403, refused(handling.claim("c4", ERIK, true)), "only a supervisor takes over");
        Matter taken = done(handling.claim("c4", new MatterHandling.Asker("erik", true, false), true));
        assertEquals("erik", taken.officer());
        assertEquals("from sara", taken.timeline().get(taken.timeline().size() - 1).detail());
    }

    @Test
    void listsShowTheDepartmentsMattersMostUrgentFirstAndTheOverdue() throws Exception {
        aCase("a", "+46701740631");
        aCase("b", "+46701740632");
        aCase("s", "+46701740633");
        done(handling.transfer("a", "building-permits", "first", "agent"));
        clock.advance(Duration.ofDays(3)); // Monday: a's deadline (Tuesday) has not passed yet
        done(handling.transfer("b", "building-permits", "second", "agent"));
        done(handling.transfer("s", "schools", "third", "agent"));
        MatterQuery all = new MatterQuery(handling.departmentsOf(SARA), null, null, null, null, null, false, 0, 50);
        assertEquals(List.of("a", "b"), handling.search(all).matters().stream().map(Matter::id).toList());
        assertEquals(Set.of("building-permits", "schools"), handling.departmentsOf(BOSS));
        assertEquals(0, handling.search(new MatterQuery(Set.of("building-permits"), null, null, null, null, clock.instant(), false, 0, 50))
                .total());
        clock.advance(Duration.ofDays(1).plusHours(7)); // Tuesday after 16:30
        MatterRegister.MatterPage overdue = handling.search(
                new MatterQuery(Set.of("building-permits"), null, null, null, null, clock.instant(), false, 0, 50));
        assertEquals(List.of("a"), overdue.matters().stream().map(Matter::id).toList());
        assertTrue(overdue.matters().get(0).overdue(clock.instant()));
        assertEquals(List.of("s"), handling.search(new MatterQuery(Set.of("schools", "building-permits"), null, null, null,
                "+46701740633", null, false, 0, 50)).matters().stream().map(Matter::id).toList(), "by the citizen's number");
    }

    @Test
    void mattersSurviveARestartOfTheWholeCluster() throws Exception {
        aCase("c3", "+46701740644");
        done(handling.transfer("c3", "schools", "Transport to school", "agent"));
        Matter claimed = done(handling.claim("c3", OLLE, false));
        matterRegister.flush();
        register.close();
        startMember();
        await().atMost(Duration.ofSeconds(10)).until(() -> matterRegister.size() == 1);
        assertEquals(claimed, done(handling.get("c3", OLLE)), "every field, through the database");
        assertNull(done(handling.get("c3", OLLE)).closedAt());
    }

    @Test
    void closedMattersFollowTheCaseRetentionAndAnOpenOneHoldsItsCaseBack() throws Exception {
        aCase("r1", "+46701740651");
        aCase("r2", "+46701740652");
        done(handling.transfer("r1", "schools", "Bus card for Lisa, 19800101-0000", "agent"));
        done(handling.claim("r1", OLLE, false));
        done(handling.close("r1", "Card sent to her address", OLLE));
        done(handling.transfer("r2", "schools", "Still open", "agent"));
        // A matter closed long ago that only the table holds (not loaded at start: older than the preload).
        Instant longAgo = Instant.parse("2024-01-10T10:00:00Z");
        new JdbcMatterStore(db, Duration.ofDays(7)).store("old", new Matter("old", "schools", "Old matter", "+46701740653", "c-9",
                "schools", Matter.Status.CLOSED, "agent", longAgo, longAgo.plus(Duration.ofDays(2)), "olle", "Told him",
                longAgo.plus(Duration.ofDays(1)), List.of(new CaseEntry(longAgo, "transferred", "agent", "schools")), longAgo, false));

        TableProbe probe = new TableProbe();
        assertEquals(Set.of("r2"), matterRegister.notClosed(List.of("r1", "r2", "nope")), "the open matter holds its case back");

        Instant now = clock.instant().plus(Duration.ofDays(400));
        new MatterRetention(matterRegister, db).follow(now.minus(Duration.ofDays(365)), null, now);
        Matter r1 = done(handling.get("r1", OLLE));
        assertEquals(Matter.ANONYMISED, r1.summary());
        assertNull(r1.callerNumber());
        assertNull(r1.citizenId());
        assertNull(r1.feedback());
        assertEquals("anonymised", r1.timeline().get(r1.timeline().size() - 1).what());
        assertEquals("Still open", done(handling.get("r2", OLLE)).summary(), "an open matter is never touched");
        matterRegister.flush();
        assertEquals(List.of(Matter.ANONYMISED, "null", "null"), probe.row("old", "summary", "caller_number", "feedback"));
        assertEquals(List.of(Matter.ANONYMISED, "null", "null"), probe.row("r1", "summary", "caller_number", "citizen_id"));

        new MatterRetention(matterRegister, db).follow(null, now.minus(Duration.ofDays(365)), now);
        assertNull(matterRegister.get("r1").toCompletableFuture().get(), "deleted from the map");
        matterRegister.flush();
        assertEquals(List.of(), probe.row("old", "summary"), "and from the table");
        assertEquals(List.of(), probe.row("r1", "summary"));
        assertEquals(List.of("Still open"), probe.row("r2", "summary"));
    }

    /** Reads a matter's row straight from the table. */
    private final class TableProbe {
        List<String> row(String id, String... columns) throws Exception {
            try (java.sql.Connection c = db.dataSource().getConnection();
                    java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT " + String.join(", ", columns)
                            + " FROM matter WHERE id = '" + id + "'")) {
                List<String> out = new java.util.ArrayList<>();
                if (rs.next()) {
                    for (int i = 1; i <= columns.length; i++) {
                        out.add(String.valueOf(rs.getString(i)));
                    }
                }
                return out;
            }
        }
    }
}
