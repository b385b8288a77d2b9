package se.vaxel.backoffice;

import com.hazelcast.config.Config;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import se.vaxel.calls.CallEvent;
import se.vaxel.cases.CaseRegister;
import se.vaxel.db.Database;

/**
 * The back office as one piece for the switchboard to start, mount and stop: its configuration from the
 * start, its map on the register's member, the handling, the webhook and the figures once the member runs.
 * Everything but {@link #configure} and {@link #close} runs on the switchboard's event loop.
 */
public final class BackOfficeModule implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BackOfficeModule.class);

    private final BackOffice office;
    private final Vertx vertx;
    private final Clock clock;
    private MatterRegister matters;
    private MatterHandling handling;
    private WebhookExports exports;
    private BackOfficeFigures figures;

    /** Reads the configuration ({@code VAXEL_BACK_OFFICE_FILE}, or the shipped one): a bad file stops the start. */
    public BackOfficeModule(Map<String, String> settings, Vertx vertx, Clock clock) {
        String file = settings.get("VAXEL_BACK_OFFICE_FILE");
        this.office = BackOffice.load(file == null || file.isBlank() ? null : Path.of(file), settings);
        this.vertx = vertx;
        this.clock = clock;
    }

    /**
     * Says at start where the users file and back-office.json disagree about who is a handling officer. A warning, not
     * a refusal to start: the two files may be kept by different people, and a contact centre must not go down
     * because an officer was added to one before the other.
     */
    public void checkOfficers(java.util.Set<String> officerLogIns) {
        java.util.Set<String> noDepartment = new java.util.TreeSet<>(officerLogIns);
        noDepartment.removeAll(office.officers().keySet());
        java.util.Set<String> noLogIn = new java.util.TreeSet<>(office.officers().keySet());
        noLogIn.removeAll(officerLogIns);
        if (!noDepartment.isEmpty()) {
            log.warn("Staff with the officer role who are in no department of back-office.json (they see no matters "
                    + "and no cases until added to its officers list): {}", String.join(", ", noDepartment));
        }
        if (!noLogIn.isEmpty()) {
            log.warn("Handling officers in back-office.json who cannot log in as officers (not in the users file with "
                    + "the officer role): {}", String.join(", ", noLogIn));
        }
    }

    /** Adds the matters' map to the register member's configuration, before it starts. */
    public static void configure(Config config, Database database, Duration preload, int backups) {
        MatterRegister.configure(config, new JdbcMatterStore(database, preload), backups);
    }

    /** Once the register's member runs: the handling, the webhook (when configured) and the figures. */
    public void start(CaseRegister register, Database database, MatterHandling.CitizenCaller caller, String municipalityNumber) {
        matters = new MatterRegister(register.hazelcast());
        MatterExport export = MatterExport.NONE;
        if (office.webhook() != null) {
            exports = new WebhookExports(office.webhook(), database, vertx, clock, Duration.ofSeconds(2), WebhookExports.FIRST_RETRY);
            export = exports;
        }
        handling = new MatterHandling(office, register, matters, export, caller, municipalityNumber, vertx, clock);
        figures = new BackOfficeFigures(matters, vertx, clock, Duration.ofSeconds(15));
    }

    /**
     * Mounts the API: {@code asker} names the logged-in staff member, {@code staff} lets through those who use
     * the back office, {@code transfer} those who may transfer a case.
     */
    public void mount(Router router, Function<RoutingContext, MatterHandling.Asker> asker, Handler<RoutingContext> staff,
            Handler<RoutingContext> transfer) {
        new MattersApi(vertx, clock, () -> handling, asker).mount(router, staff, transfer);
    }

    /**
     * Holds back the retention of cases whose matter is not closed yet: the officer still needs the number.
     * Blocking (a look-up in the matters' map), as retention asks from its own thread.
     */
    public se.vaxel.cases.RetentionHold retentionHold() {
        return caseIds -> {
            if (matters == null) {
                return java.util.Set.copyOf(caseIds); // not started: hold everything rather than guess
            }
            return matters.notClosed(caseIds);
        };
    }

    /** Applies each case retention run's cutoffs to the closed matters (null before the register runs). */
    public se.vaxel.cases.RetentionFollower retentionFollower(Database database) {
        return (anonymiseBefore, deleteBefore, now) -> {
            if (matters != null) {
                new MatterRetention(matters, database).follow(anonymiseBefore, deleteBefore, now);
            }
        };
    }

    /**
     * A citizen's matters not closed, for the screen pop's history (every department's: the agent needs to
     * know what is under way); protected identities' only for those with one of {@code mayKnowProtected}.
     */
    public se.vaxel.cases.OpenMatters openMatters(java.util.Set<String> mayKnowProtected) {
        return (citizenId, number, staff) -> {
            if (matters == null) {
                return io.vertx.core.Future.succeededFuture(new io.vertx.core.json.JsonArray());
            }
            MatterQuery q = new MatterQuery(office.departments().keySet(), null, null, citizenId, citizenId == null ? number : null,
                    null, staff.hasAny(mayKnowProtected), 0, MatterQuery.MAX_PAGE_SIZE);
            return vertx.executeBlocking(() -> new io.vertx.core.json.JsonArray(matters.search(q).matters().stream()
                    .filter(m -> m.status() != Matter.Status.CLOSED).map(m -> MattersJson.matter(m, clock.instant())).toList()));
        };
    }

    /** Whether the back office placed this call (an officer's call back on a matter). */
    public boolean placed(CallEvent.CallbackDone done) {
        return MatterHandling.matterOf(done.callbackId()) != null;
    }

    /** A call placed for a matter ended (other callbacks are not the back office's and are ignored). */
    public void on(CallEvent.CallbackDone done) {
        if (handling != null) {
            handling.on(done);
        }
    }

    public BackOffice office() {
        return office;
    }

    /** Null until the register runs. */
    public MatterHandling handling() {
        return handling;
    }

    /** Null until the register runs. */
    public BackOfficeFigures figures() {
        return figures;
    }

    /** Null unless a webhook is configured and the register runs. */
    public WebhookExports exports() {
        return exports;
    }

    /** Blocking: writes the matters queued behind the map, before the member leaves. */
    public void flush() {
        if (matters != null) {
            matters.flush();
        }
    }

    @Override
    public void close() {
        if (exports != null) {
            exports.close();
        }
        if (figures != null) {
            figures.close();
        }
    }
}
