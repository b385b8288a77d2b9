package se.vaxel.cases;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One citizen's call as the register sees it from the recorder and the agent's desk, without a PBX: the case
 * created, three call facts (service chosen and queued, answered, ended) and the agent's notes: five writes,
 * each after the one before has been acknowledged (as the recorder's writes to one case arrive in order).
 * For the cluster tests and the case write benchmark.
 */
public final class SyntheticCalls {

    /** Writes per call: the creation, three call facts, the notes. */
    public static final int WRITES_PER_CALL = 5;

    private static final List<String> SERVICES = List.of("social-services", "building-permits", "schools", "elder-care");

    private SyntheticCalls() {}

    /**
     * Writes call {@code n} with the given id through the register; every acknowledged state goes to
     * {@code acked} (in order). Completes with the last state, or exceptionally with the first failed write.
     */
    public static CompletionStage<Case> write(CaseRegister register, String id, int n, Instant at, Consumer<Case> acked) {
        String number = String.format("+4670%07d", n % 10_000_000);
        String service = SERVICES.get(n % SERVICES.size());
        String agent = "PJSIP/" + (1000 + n % 40);
        Instant answered = at.plusSeconds(20 + n % 40);
        Instant ended = answered.plusSeconds(60 + n % 200);
        Case opened = Case.opened(id, number, at);
        return register.create(opened).thenApply(v -> {
            acked.accept(opened);
            return opened;
        }).thenCompose(c -> step(register, id, acked, new CaseChange.CallFacts(at, number, service, Case.Outcome.OPEN, null, null,
                null, null, null, new CaseEntry(at.plusSeconds(5), "queued", null, service))))
                .thenCompose(c -> step(register, id, acked, new CaseChange.CallFacts(at, number, service, Case.Outcome.OPEN, agent,
                        answered, null, null, null, new CaseEntry(answered, "answered", agent, null))))
                .thenCompose(c -> step(register, id, acked, new CaseChange.CallFacts(at, number, service, Case.Outcome.ANSWERED,
                        agent, answered, ended, (double) (20 + n % 40), (double) (60 + n % 200),
                        new CaseEntry(ended, "ended", null, "answered"))))
                .thenCompose(c -> step(register, id, acked, new CaseChange.AgentNotes("category " + n % 12,
                        "the citizen asked about " + service + ", call " + n, "resolved_first_contact", agent, ended.plusSeconds(30))));
    }

    private static CompletionStage<Case> step(CaseRegister register, String id, Consumer<Case> acked, CaseChange change) {
        return register.apply(id, change).thenApply(c -> {
            acked.accept(c);
            return c;
        });
    }
}
