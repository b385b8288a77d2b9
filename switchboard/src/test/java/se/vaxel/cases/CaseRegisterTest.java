package se.vaxel.cases;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.db.Database;
import se.vaxel.db.DatabaseSettings;

/** The register on one embedded member over the real MapStore and H2 file: search, write-behind, reload. */
class CaseRegisterTest {

    @TempDir
    Path dir;

    private final Instant t0 = Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

    private ClusterSettings cluster() {
        return new ClusterSettings("test-" + UUID.randomUUID(), "127.0.0.1", 5801, List.of("127.0.0.1"), 1, 7);
    }

    private Database database() {
        return Database.open(new DatabaseSettings("jdbc:h2:file:" + dir.resolve("cases"), "vaxel", "", 2, Duration.ofSeconds(5)));
    }

    private Case call(String id, String number, String service, Case.Outcome outcome, int minutesAfter) {
        Instant at = t0.plus(Duration.ofMinutes(minutesAfter));
        return Case.opened(id, number, at).with(new CaseEntry(at.plusSeconds(5), "queued", null, service))
                .withCall(number, service, outcome, outcome == Case.Outcome.ANSWERED ? "PJSIP/1007" : null,
                        outcome == Case.Outcome.ANSWERED ? at.plusSeconds(30) : null, at.plusSeconds(200), 25.0,
                        outcome == Case.Outcome.ANSWERED ? 170.0 : null);
    }

    @Test
    void casesAreFoundByNumberServiceOutcomeAndTimeNewestFirstAndSurviveARestart() throws Exception {
        try (Database db = database()) {
            ClusterSettings cluster = cluster();
            try (CaseRegister register = CaseRegister.start(cluster, new JdbcCaseStore(db, Duration.ofDays(7)))) {
                register.create(call("c1", "+46701740611", "schools", Case.Outcome.ANSWERED, 0)).toCompletableFuture().get();
                register.create(call("c2", "+46701740611", "elder-care", Case.Outcome.ABANDONED, 10)).toCompletableFuture().get();
                register.create(call("c3", "+46701740622", "schools", Case.Outcome.ANSWERED, 20)).toCompletableFuture().get();

                CasePage byNumber = register.search(new CaseQuery("+46701740611", null, null, null, null, null, null, 0, 50));
                assertEquals(List.of("c2", "c1"), byNumber.cases().stream().map(Case::id).toList(), "newest first");
                CasePage schoolsAnswered = register.search(new CaseQuery(null, null, "schools", null, Case.Outcome.ANSWERED,
                        null, null, 0, 1));
                assertEquals(2, schoolsAnswered.total());
                assertEquals(List.of("c3"), schoolsAnswered.cases().stream().map(Case::id).toList(), "a page of one");
                CasePage window = register.search(new CaseQuery(null, null, null, null, null, t0.plus(Duration.ofMinutes(5)),
                        t0.plus(Duration.ofMinutes(20)), 0, 50));
                assertEquals(List.of("c2"), window.cases().stream().map(Case::id).toList(), "from inclusive, to exclusive");

                Case c1 = register.get("c1").toCompletableFuture().get();
                assertEquals(call("c1", "+46701740611", "schools", Case.Outcome.ANSWERED, 0), c1, "every field through Compact");
            }
            // A whole restart: the register comes back from the database.
            try (CaseRegister again = CaseRegister.start(cluster(), new JdbcCaseStore(db, Duration.ofDays(7)))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> again.size() == 3);
                assertEquals(call("c3", "+46701740622", "schools", Case.Outcome.ANSWERED, 20),
                        again.get("c3").toCompletableFuture().get());
            }
        }
    }

    @Test
    void theStoreKeepsTheNewestStateAndOldCasesAreLoadedOnlyWhenAskedFor() {
        try (Database db = database()) {
            JdbcCaseStore store = new JdbcCaseStore(db, Duration.ofDays(1));
            Case newer = call("c1", "+46701740611", "schools", Case.Outcome.ANSWERED, 0);
            Case older = Case.opened("c1", "+46701740611", t0);
            store.storeAll(java.util.Map.of("c1", newer));
            store.storeAll(java.util.Map.of("c1", older)); // a late batch from a backup: ignored
            assertEquals(newer, store.load("c1"));

            Case old = Case.opened("old", "+46701740633", Instant.now().minus(Duration.ofDays(30)))
                    .withCall("+46701740633", "schools", Case.Outcome.ABANDONED, null, null, Instant.now().minus(Duration.ofDays(30)),
                            3.0, null);
            store.store("old", old);
            assertEquals(List.of("c1"), toList(store.loadAllKeys()), "only the preload period at start");
            assertEquals(old, store.load("old"), "older ones by id");
            store.delete("old");
            assertNull(store.load("old"));

            Case protectedOne = call("p1", "+46701740644", "social-services", Case.Outcome.ANSWERED, 5).withCitizen("c-9", true);
            store.store("p1", protectedOne);
            assertEquals(protectedOne, store.load("p1"), "the protected identity flag is kept across a restart");
        }
    }

    @Test
    void theRecordersFactsAndAnAgentsNotesOnOneCaseAreBothKeptWhateverTheirOrder() throws Exception {
        try (Database db = database(); CaseRegister register = CaseRegister.start(cluster(), new JdbcCaseStore(db, Duration.ofDays(7)))) {
            Case opened = Case.opened("c9", "+46701740699", t0);
            register.apply("c9", new CaseChange.Open(opened)).toCompletableFuture().get();
            register.apply("c9", new CaseChange.AgentNotes("parking permit", "wants a call on Monday", null, "anna.lind",
                    t0.plusSeconds(60))).toCompletableFuture().get();
            Case after = register.apply("c9", new CaseChange.CallFacts(t0, "+46701740699", "building-permits",
                    Case.Outcome.ANSWERED, "PJSIP/1005", t0.plusSeconds(20), t0.plusSeconds(90), 20.0, 70.0,
                    new CaseEntry(t0.plusSeconds(90), "ended", null, "answered"))).toCompletableFuture().get();
            assertEquals("wants a call on Monday", after.notes());
            assertEquals("parking permit", after.category());
            assertEquals(Case.Outcome.ANSWERED, after.outcome());
            assertEquals(List.of("arrived", "updated", "ended"), after.timeline().stream().map(CaseEntry::what).toList());
            assertEquals(after, register.apply("c9", new CaseChange.Open(Case.opened("c9", "+4670", t0))).toCompletableFuture().get(),
                    "a repeated opening changes nothing");
            assertNull(register.apply("nope", new CaseChange.AgentNotes(null, "x", null, "anna", t0)).toCompletableFuture().get(),
                    "notes make no case of their own");

            Case identified = register.apply("c9", new CaseChange.CitizenIdentified("c-7", true)).toCompletableFuture().get();
            assertEquals("wants a call on Monday", identified.notes(), "identifying keeps the agent's notes");
            assertEquals(identified, register.get("c9").toCompletableFuture().get(), "the flag through Compact");
            CaseQuery all = new CaseQuery(null, null, null, null, null, null, null, 0, 50);
            assertEquals(0, register.search(all, false).total(), "left out of searches without protected identities");
            assertEquals(1, register.search(all, true).total());
            assertEquals(identified, register.apply("c9", new CaseChange.ProtectionChecked("c-other", false)).toCompletableFuture()
                    .get(), "a check made for another citizen changes nothing");
            assertEquals(1, register.apply("c9", new CaseChange.ProtectionChecked("c-7", false)).toCompletableFuture().get()
                    .timeline().stream().filter(e -> e.what().equals("updated")).count());
            assertEquals(1, register.search(all, false).total(), "a protection lifted");
        }
    }

    private static List<String> toList(Iterable<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEach(out::add);
        return out;
    }
}
