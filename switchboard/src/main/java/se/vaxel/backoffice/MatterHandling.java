package se.vaxel.backoffice;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.callbacks.CallbackDialler.AgentLeg;
import se.vaxel.calls.CallEvent;
import se.vaxel.calls.CallToCitizen;
import se.vaxel.cases.Case;
import se.vaxel.cases.CaseChange;
import se.vaxel.cases.CaseEntry;
import se.vaxel.cases.CaseRegister;

/**
 * What the back office does with matters: an agent transfers a case to a department; a handling officer of
 * that department claims it, calls the citizen back (their own phone first, then the citizen's) and closes
 * it with the feedback given; a supervisor may take over, release or close any. Each step is an entry
 * processor on the matter, so it is decided once across the cluster, then told to the case's timeline and to
 * the external system ({@link MatterExport}). Runs on the switchboard's event loop; nothing here blocks.
 */
public final class MatterHandling {

    private static final Logger log = LoggerFactory.getLogger(MatterHandling.class);
    /** Calls placed for matters carry this prefix in their id, so their end finds its way back here. */
    static final String CALL_PREFIX = "matter/";

    /** Places a call to a citizen for a staff member; see {@code AmiLink.callCitizen}. */
    @FunctionalInterface
    public interface CitizenCaller {
        Future<AgentLeg> call(CallToCitizen call, String staffDevice, java.time.Duration ringStaff);
    }

    /**
     * Who asks: a staff member's id, whether they supervise (any department, may take over), and whether they
     * may know citizens with a protected identity (their matters do not exist for anyone else); {@code ownPhone} is an
     * agent's phone when they see only its cases (null: they see the register).
     */
    public record Asker(String id, boolean supervisor, boolean mayKnowProtected, String ownPhone) {

        /** Someone who sees the whole register (a supervisor, an officer): no phone of their own limits them. */
        public Asker(String id, boolean supervisor, boolean mayKnowProtected) {
            this(id, supervisor, mayKnowProtected, null);
        }
    }

    private final BackOffice office;
    private final CaseRegister cases;
    private final MatterRegister matters;
    private final MatterExport export;
    private final CitizenCaller caller;
    private final String municipalityNumber;
    private final Vertx vertx;
    private final Clock clock;
    private final AtomicLong calls = new AtomicLong();
    /** Told of every matter as each step left it (the officers' desks), on the event loop that made the step. */
    private final java.util.List<java.util.function.Consumer<Matter>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public MatterHandling(BackOffice office, CaseRegister cases, MatterRegister matters, MatterExport export, CitizenCaller caller,
            String municipalityNumber, Vertx vertx, Clock clock) {
        this.office = office;
        this.cases = cases;
        this.matters = matters;
        this.export = export;
        this.caller = caller;
        this.municipalityNumber = municipalityNumber;
        this.vertx = vertx;
        this.clock = clock;
    }

    public BackOffice office() {
        return office;
    }

    /** Told of every matter a step transferred or changed, as it now is (the officers' desks push it on). */
    public void onChange(java.util.function.Consumer<Matter> listener) {
        listeners.add(listener);
    }

    /**
     * An agent transfers a case to a department as a matter, with a summary of what the citizen needs; an agent who
     * sees only their own phone's cases transfers only those (any other is a 404 to them, as in the register).
     */
    public Future<Matter> transfer(String caseId, String departmentId, String summary, Asker who) {
        return transfer(caseId, departmentId, summary, who.id(),
                c -> who.ownPhone() == null || se.vaxel.cases.CaseViews.handledBy(c, who.ownPhone()));
    }

    /** The same for whoever may see every case (the back office's own tests). */
    Future<Matter> transfer(String caseId, String departmentId, String summary, String by) {
        return transfer(caseId, departmentId, summary, by, c -> true);
    }

    private Future<Matter> transfer(String caseId, String departmentId, String summary, String by,
            java.util.function.Predicate<Case> mayTransfer) {
        if (caseId == null || caseId.isBlank()) {
            throw new BackOfficeRefusal(400, "caseId: the case to transfer is required");
        }
        Department department = office.department(departmentId).orElseThrow(() -> new BackOfficeRefusal(400,
                "department: one of " + String.join(", ", new java.util.TreeSet<>(office.departments().keySet()))
                        + "; not '" + departmentId + "'"));
        if (summary == null || summary.isBlank()) {
            throw new BackOfficeRefusal(400, "summary: what the department needs to know is required");
        }
        if (summary.length() > Matter.MAX_SUMMARY) {
            throw new BackOfficeRefusal(400, "summary: at most " + Matter.MAX_SUMMARY + " characters");
        }
        Instant now = clock.instant();
        return on(cases.get(caseId)).compose(c -> {
            if (c == null || !mayTransfer.test(c)) {
                return Future.failedFuture(new BackOfficeRefusal(404, "no case " + caseId));
            }
            Matter initial = opened(c, department, summary.strip(), by, now);
            return change(caseId, new MatterChange.Transfer(initial));
        }).compose(m -> {
            tellCase(m.id(), new CaseChange.TransferredToBackOffice(m.department(), by, now));
            export.exported(MatterExport.TRANSFERRED, m);
            return Future.succeededFuture(m);
        });
    }

    private Matter opened(Case c, Department department, String summary, String by, Instant now) {
        Instant deadline = office.calendar().deadline(now, department.feedbackWorkingDays());
        return new Matter(c.id(), department.id(), summary, c.callerNumber(), c.citizenId(), c.service(), Matter.Status.OPEN, by,
                now, deadline, null, null, null,
                java.util.List.of(new CaseEntry(now, "transferred", by, department.id())), now, c.protectedIdentity());
    }

    /** Blocking: a query across the members. */
    public MatterRegister.MatterPage search(MatterQuery query) {
        return matters.search(query);
    }

    public Future<Matter> get(String id, Asker who) {
        return on(matters.get(id)).compose(m -> {
            if (m == null || !maySee(who, m)) {
                return Future.failedFuture(new BackOfficeRefusal(404, "no matter " + id));
            }
            return Future.succeededFuture(m);
        });
    }

    /** An officer takes a matter of their department; a supervisor may take one over from another. */
    public Future<Matter> claim(String id, Asker who, boolean takeOver) {
        if (takeOver && !who.supervisor()) {
            return Future.failedFuture(new BackOfficeRefusal(403, "only a supervisor takes over a matter another officer holds"));
        }
        return get(id, who).compose(m -> {
            if (office.officer(who.id()).isEmpty()) {
                return Future.failedFuture(new BackOfficeRefusal(403, who.id() + " is no handling officer"));
            }
            return change(id, new MatterChange.Claim(who.id(), takeOver, clock.instant()));
        }).onSuccess(m -> tellCase(id, new CaseChange.BackOfficeNote(new CaseEntry(clock.instant(), "matter_claimed", who.id(), null))));
    }

    public Future<Matter> release(String id, Asker who) {
        return get(id, who).compose(m -> change(id, new MatterChange.Release(who.id(), who.supervisor(), clock.instant())));
    }

    /** The matter is done: the citizen has had feedback, which is recorded and exported. */
    public Future<Matter> close(String id, String feedback, Asker who) {
        MatterChange.Close close;
        try {
            close = new MatterChange.Close(who.id(), who.supervisor(), feedback, clock.instant());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new BackOfficeRefusal(400, e.getMessage()));
        }
        return get(id, who).compose(m -> change(id, close)).onSuccess(m -> {
            tellCase(id, new CaseChange.BackOfficeNote(new CaseEntry(m.closedAt(), "matter_closed", who.id(), null)));
            export.exported(MatterExport.CLOSED, m);
        });
    }

    /**
     * The officer who holds the matter calls the citizen back: their phone rings first and, once they answer,
     * the citizen's. Completes when the officer's phone has answered (or not); how the call to the citizen
     * ended arrives later ({@link #on(CallEvent.CallbackDone)}) and goes in the matter's timeline.
     */
    public Future<Matter> callBack(String id, Asker who) {
        HandlingOfficer officer = office.officer(who.id()).orElse(null);
        if (officer == null) {
            return Future.failedFuture(new BackOfficeRefusal(403, who.id() + " is no handling officer with a phone"));
        }
        return get(id, who).compose(m -> {
            if (m.status() != Matter.Status.CLAIMED || !officer.id().equals(m.officer())) {
                return Future.failedFuture(new BackOfficeRefusal(409, "claim the matter before calling the citizen back"));
            }
            if (municipalityNumber == null || municipalityNumber.isBlank()) {
                return Future.failedFuture(new BackOfficeRefusal(409,
                        "no municipality number to call from: set callbacks.municipalityNumber in the contact centre's configuration"));
            }
            if (m.callerNumber() == null || !m.callerNumber().matches("\\+?[0-9]{3,20}")) {
                return Future.failedFuture(new BackOfficeRefusal(409, "the case has no number to call back"));
            }
            String callId = CALL_PREFIX + id + "/" + calls.incrementAndGet();
            CallToCitizen call = new CallToCitizen(callId, m.callerNumber(), "Återkoppling", municipalityNumber,
                    office.ringCitizen(), m.department());
            return note(id, new CaseEntry(clock.instant(), "call_back_placed", officer.id(), officer.device()))
                    .compose(placed -> caller.call(call, officer.device(), office.ringOfficer())
                            .recover(e -> {
                                log.warn("Call back on matter {} not placed: {}", id, e.getMessage());
                                return Future.succeededFuture(AgentLeg.FAILED);
                            })
                            .compose(leg -> note(id, new CaseEntry(clock.instant(), "officer_phone", officer.id(),
                                    leg.name().toLowerCase(java.util.Locale.ROOT)))));
        });
    }

    /** A call placed for a matter ended: how the citizen's leg went goes in the matter's timeline. */
    public void on(CallEvent.CallbackDone done) {
        String matterId = matterOf(done.callbackId());
        if (matterId == null) {
            return;
        }
        String detail = done.dialStatus().isEmpty() ? "unknown" : done.dialStatus().toLowerCase(java.util.Locale.ROOT);
        note(matterId, new CaseEntry(done.at(), "call_back_ended", null,
                "ANSWER".equalsIgnoreCase(done.dialStatus()) ? detail + ", talked " + done.talkedSeconds() + " s" : detail))
                .onFailure(e -> log.warn("A matter's call back ended but could not be noted: {}", e.getMessage()));
    }

    static String matterOf(String callId) {
        if (callId == null || !callId.startsWith(CALL_PREFIX)) {
            return null;
        }
        int end = callId.lastIndexOf('/');
        return end <= CALL_PREFIX.length() ? null : callId.substring(CALL_PREFIX.length(), end);
    }

    /** A supervisor sees every department; an officer their own; anyone else none. */
    public boolean maySee(Asker who, Matter m) {
        if (m.protectedIdentity() && !who.mayKnowProtected()) {
            return false;
        }
        return who.supervisor() || office.officer(who.id()).map(o -> o.worksIn(m.department())).orElse(false);
    }

    /** The departments whose matters someone may list. */
    public java.util.Set<String> departmentsOf(Asker who) {
        if (who.supervisor()) {
            return office.departments().keySet();
        }
        return office.officer(who.id()).map(HandlingOfficer::departments).orElse(java.util.Set.of());
    }

    private Future<Matter> note(String id, CaseEntry entry) {
        return change(id, new MatterChange.Note(entry));
    }

    private Future<Matter> change(String id, MatterChange change) {
        return on(matters.apply(id, change)).compose(r -> {
            if (r == null || r.matter() == null) {
                return Future.failedFuture(new BackOfficeRefusal(404, "no matter " + id));
            }
            if (!r.accepted()) {
                return Future.failedFuture(new BackOfficeRefusal(409, r.refused()));
            }
            listeners.forEach(l -> l.accept(r.matter()));
            return Future.succeededFuture(r.matter());
        });
    }

    private void tellCase(String caseId, CaseChange change) {
        on(cases.apply(caseId, change)).onFailure(e -> log.warn("The back office's step could not be written to case {}: {}",
                caseId, e.getMessage()));
    }

    /** A Hazelcast completion, continued on the caller's Vert.x context. */
    private <T> Future<T> on(java.util.concurrent.CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
    }
}
