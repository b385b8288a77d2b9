package se.vaxel;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.ami.AmiLink;
import se.vaxel.ami.DialplanContract;
import se.vaxel.backoffice.BackOfficeModule;
import se.vaxel.audit.AuditApi;
import se.vaxel.audit.AuditLog;
import se.vaxel.audit.JdbcAuditStore;
import se.vaxel.auth.Auth;
import se.vaxel.auth.Credentials;
import se.vaxel.auth.LoginThrottle;
import se.vaxel.auth.SessionApi;
import se.vaxel.auth.SessionStore;
import se.vaxel.auth.Users;
import se.vaxel.callbacks.CallbackBook;
import se.vaxel.callbacks.CallbacksApi;
import se.vaxel.callbacks.JdbcCallbackStore;
import se.vaxel.calls.CallEvent;
import se.vaxel.cases.CaseRecorder;
import se.vaxel.cases.CaseRegister;
import se.vaxel.cases.CaseViews;
import se.vaxel.cases.CasesApi;
import se.vaxel.desks.DeskServer;
import se.vaxel.cases.JdbcCaseStore;
import se.vaxel.calls.CallsApi;
import se.vaxel.calls.LinkEvent;
import se.vaxel.calls.LiveCalls;
import se.vaxel.db.Database;
import se.vaxel.metrics.SwitchboardMetrics;
import se.vaxel.routing.CallDistributor;
import se.vaxel.routing.ContactCentre;
import se.vaxel.routing.RoutingApi;

/**
 * One switchboard for one PBX: the AMI link, the live state it feeds and the HTTP API that shows it, all on
 * this verticle's event loop, so the live state has exactly one writer.
 */
public final class SwitchboardVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(SwitchboardVerticle.class);
    /** Who may read the live APIs: supervisors, administrators, and a wallboard's own display account. */
    static final String[] WATCHERS = {se.vaxel.auth.Staff.SUPERVISOR, se.vaxel.auth.Staff.ADMIN, "wallboard"};

    private final VaxelConfig config;
    private final AmiClientConfig ami;
    private final Clock clock;
    private final ContactCentre centre;
    /** Who may log in (the users file, or the simulator's demo supervisor). */
    private final Users users;
    private LiveCalls live;
    private CallDistributor distributor;
    private AmiLink link;
    private HttpServer http;
    private Router router;
    private Database database;
    /** The database and the cluster member: the node's, when it gave them (clustered Vert.x), else this switchboard's own. */
    private final SharedState given;
    private SharedState shared;
    private CallbackBook callbacks;
    private SwitchboardMetrics metrics;
    /** Each service queue's calls counted from the domain events (Prometheus, today's figures). */
    private se.vaxel.metrics.QueueTally tally;
    private CaseRegister register;
    private CaseRecorder recorder;
    private se.vaxel.cases.CaseRetention retention;
    private se.vaxel.cases.CitizenDirectory directory;
    private BackOfficeModule backOffice;
    private se.vaxel.history.HistoryModule history;
    /** Staff sessions, on the register's cluster member; null until it runs. */
    private volatile SessionStore sessions;
    /** Who read, searched and changed which cases: queued here, written behind to the database. */
    private AuditLog audit;
    private volatile JdbcAuditStore auditStore;
    /** The agents' and officers' desks (WebSocket /api/desk). */
    private DeskServer desks;
    /** The supervisors' wallboard (WebSocket /api/wallboard). */
    private se.vaxel.wallboard.WallboardServer wallboard;
    /** In a cluster with the PBX lease on: this node's side of it (null otherwise: it owns the PBX from the start). */
    private ClusterSide cluster;

    public SwitchboardVerticle(VaxelConfig config, AmiClientConfig ami, Clock clock) {
        this(config, ContactCentre.load(config.contactCentreFile()), ami, clock);
    }

    public SwitchboardVerticle(VaxelConfig config, ContactCentre centre, AmiClientConfig ami, Clock clock) {
        this(config, centre, config.auth().users(), ami, clock);
    }

    public SwitchboardVerticle(VaxelConfig config, ContactCentre centre, Users users, AmiClientConfig ami, Clock clock) {
        this(config, centre, users, ami, clock, null);
    }

    /** On the node's database and cluster member ({@code shared}, null: its own), which the node closes after it. */
    public SwitchboardVerticle(VaxelConfig config, ContactCentre centre, Users users, AmiClientConfig ami, Clock clock,
            SharedState shared) {
        this.given = shared;
        this.config = config;
        this.centre = centre;
        this.users = users;
        this.ami = ami;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        live = new LiveCalls(config.services());
        directory = se.vaxel.cases.CitizenDirectory.from(config.settings());
        backOffice = new BackOfficeModule(config.settings(), vertx, clock);
        DialplanContract contract = DialplanContract.DEFAULT.withCitizenContexts(java.util.Set.copyOf(config.citizenContexts()));
        link = new AmiLink(context, ami, contract, this::onCall, member -> distributor.on(member), this::onLink, clock);
        if (config.pbxLease()) {
            cluster = new ClusterSide(config);
            link.standBy("waiting for this node's turn at the PBX");
            link.fence(cluster::mayAct);
        }
        distributor = new CallDistributor(centre, config.routing(), link::connect, link::announce, link::publishOpen, vertx, clock,
                change -> log.debug("Agent {}: {} -> {} ({})", change.agentId(), change.from(), change.to(), change.reason()));
        metrics = new SwitchboardMetrics();
        metrics.bind(link, live);
        tally = metrics.bindQueues(centre, config.shortAbandon(), clock,
                () -> metrics.refresh(live.queues(clock.instant()), distributor.agents().values(), clock.instant()),
                !"false".equals(config.settings().get("VAXEL_QUEUE_METRICS")));
        distributor.onAgentChange(change -> {
            metrics.on(change);
            tally.on(change);
            if (cluster != null) {
                cluster.agentChanged(distributor.agents().get(change.agentId()).presence());
            }
        });
        distributor.onDecision(d -> {
            if (cluster != null) {
                cluster.routed();
            }
        });

        router = Router.router(vertx);
        // back-office.json, not the users file, says who works in which department: one place to change it
        Auth auth = new Auth(vertx, () -> sessions, users, staffId -> backOffice.office().officer(staffId)
                .map(se.vaxel.backoffice.HandlingOfficer::departments).orElse(java.util.Set.of()));
        if (cluster != null) {
            cluster.mount(vertx, router, auth, () -> register); // first: a node that does not own the PBX forwards
        }
        new SessionApi(vertx, auth, () -> sessions, new Credentials(users), new LoginThrottle(clock)).mount(router);
        logWhoMayLogIn();
        // The live picture (every caller's number, every agent) is for those who watch the contact centre; an agent
        // sees their own calls at their desk, an officer their matters.
        io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> watchers = auth.require(WATCHERS);
        for (String path : java.util.List.of("/api/calls*", "/api/queues", "/api/agents", "/api/services", "/api/callbacks")) {
            router.route(path).handler(watchers);
        }
        new CallsApi(live, clock).mount(router);
        new RoutingApi(centre, distributor, clock).mount(router);
        new CallbacksApi(centre.callbacks(), () -> callbacks).mount(router);
        audit = new AuditLog(vertx, AuditLog.DEFAULT_CAPACITY);
        metrics.bind(audit);
        CaseViews caseViews = new CaseViews(vertx, () -> register,
                new se.vaxel.cases.ProtectedIdentities(directory, config.auth().protectedIdentityRoles()), audit,
                backOffice.openMatters(config.auth().protectedIdentityRoles()),
                staffId -> centre.agents().stream().filter(a -> a.id().equals(staffId)).map(se.vaxel.routing.AgentProfile::device).findFirst());
        caseViews.onFirstResolution(tally::resolved);
        new CasesApi(vertx, caseViews, auth).mount(router);
        desks = new DeskServer(vertx, clock, auth, distributor, live, centre, caseViews, backOffice::handling,
                config.auth().protectedIdentityRoles(), se.vaxel.desks.DeskSettings.from(config.settings()));
        desks.mount(router);
        wallboard = new se.vaxel.wallboard.WallboardServer(vertx, clock, auth, centre, config.routing().applyOpeningHours(), tally,
                live, distributor);
        wallboard.mount(router);
        new AuditApi(vertx, auth, () -> auditStore).mount(router);
        history = new se.vaxel.history.HistoryModule(vertx, clock, centre, config.shortAbandon(), config.retention());
        history.mount(router, watchers);
        java.util.Set<String> mayKnowProtected = config.auth().protectedIdentityRoles();
        backOffice.mount(router, ctx -> {
            se.vaxel.auth.Staff staff = Auth.staff(ctx);
            return new se.vaxel.backoffice.MatterHandling.Asker(staff.id(), staff.has(se.vaxel.auth.Staff.SUPERVISOR),
                    staff.hasAny(mayKnowProtected), caseViews.ownPhone(staff));
        }, auth.require(se.vaxel.auth.Staff.AGENT, se.vaxel.auth.Staff.OFFICER, se.vaxel.auth.Staff.SUPERVISOR),
                auth.require(se.vaxel.auth.Staff.AGENT, se.vaxel.auth.Staff.SUPERVISOR));
        metrics.mount(router);
        se.vaxel.http.DeskPages.mount(router);
        se.vaxel.ami.LinkHealth.mount(router, link, ami, live::size);
        se.vaxel.http.JsonErrors.mount(router);

        // The link starts only once the API listens and the callbacks are read back: a switchboard that cannot
        // serve must not log in to Asterisk (and a failed start gets no stop() to close it again).
        return startShared()
                .compose(v -> vertx.createHttpServer(se.vaxel.http.Tls.serverOptions(config.settings())).requestHandler(router)
                        .listen(config.httpPort(), config.httpHost())
                        .recover(e -> Future.failedFuture(new IllegalStateException(
                                "cannot listen on " + config.httpHost() + ":" + config.httpPort() + ": " + e.getMessage(), e))))
                .onSuccess(s -> {
                    http = s;
                    log.info("Växel HTTP API on port {}", s.actualPort());
                    if (cluster != null) {
                        distributor.startStandingBy(); // the agents come in with the turn
                        cluster.start(context, register, s.actualPort(), new Turn());
                    } else {
                        distributor.start();
                        link.start();
                    }
                })
                .onFailure(e -> {
                    if (shared != null && given == null) {
                        vertx.executeBlocking(() -> {
                            shared.close();
                            return null;
                        });
                    }
                });
    }

    /**
     * The database and the cluster member (this switchboard's own, off the event loop, unless the node gave it one),
     * then everything that stands on them; the callbacks promised before are read back.
     */
    private Future<Void> startShared() {
        Future<SharedState> state = given != null ? Future.succeededFuture(given) : vertx.executeBlocking(() -> SharedState.start(config));
        return state.compose(s -> {
            shared = s;
            onRegister(s.register(), s.caseStore());
            return afterDatabase(s.database());
        });
    }

    /** What stands on the database: the audit log and the callbacks, read back. */
    private Future<Void> afterDatabase(Database db) {
        database = db;
        auditStore = new JdbcAuditStore(db);
        audit.start(auditStore);
        callbacks = new CallbackBook(centre.callbacks(), new JdbcCallbackStore(db), vertx, clock);
        distributor.enableCallbacks(callbacks, link::callBack);
        metrics.bind(callbacks);
        // With the lease, the callbacks are read when this node's turn begins: a standby must not touch them.
        return cluster != null ? Future.succeededFuture() : callbacks.load().mapEmpty();
    }

    /**
     * What stands on the cluster member: sessions, the case recorder, the back office, retention of closed cases (on
     * its own thread; it runs on the cluster's oldest member), the history, and today's figures before this start.
     */
    private void onRegister(CaseRegister r, JdbcCaseStore store) {
        Database db = shared.database();
        register = r;
        sessions = new SessionStore(r.hazelcast(), config.auth().sessionLength(), clock);
        desks.follow(sessions);
        wallboard.follow(sessions);
        recorder = new CaseRecorder(r, directory, vertx, config.pbxId());
        live.onFinished(recorder::on);
        backOffice.start(r, db, link::callCitizen, centre.callbacks().municipalityNumber());
        desks.follow(backOffice.handling());
        backOffice.handling().onChange(m -> {
            if (m.timeline().size() == 1 && "transferred".equals(m.timeline().get(0).what())) {
                tally.transferred(m.service()); // the first step of a matter: counted where it was made
            }
        });
        metrics.bind(backOffice.office(), backOffice.figures(), backOffice.exports());
        retention = new se.vaxel.cases.CaseRetention(r, db, store, config.retention(), clock,
                backOffice.retentionHold(), backOffice.retentionFollower(db));
        metrics.bind(retention);
        metrics.bind(r, store);
        retention.start();
        history.start(r, db);
        if (cluster == null) {
            seedToday(() -> true); // with the lease, at each takeover instead: only the owner counts
        }
        log.info("Case register: {} cases loaded, {} cluster members", r.size(), r.hazelcast().getCluster().getMembers().size());
    }

    /** The switchboard's side of a turn at owning the PBX (on this verticle's context). */
    private final class Turn implements PbxTurns.Switchboard {
        @Override
        public void takeOver(long token, java.util.Collection<se.vaxel.routing.AgentPresence> agents) {
            distributor.carryOver(agents); // routing holds off until the resync has found the calls
            // As far as the previous owner's cases are written behind: its last seconds may be missing.
            seedToday(() -> cluster.isTurn(token));
            if (callbacks == null) {
                link.start();
                return;
            }
            // Callbacks first: the resync's citizens must find theirs (a citizen whose callback waits keeps it).
            callbacks.reload().onComplete(r -> {
                if (r.failed()) {
                    log.warn("Callbacks not read at the takeover: {}", se.vaxel.db.DatabaseFailure.safe(r.cause()));
                }
                if (cluster.isTurn(token)) {
                    link.start();
                } else {
                    callbacks.handOver(); // the turn ended while they were read: not this node's to call
                }
            });
        }

        @Override
        public void stopSending(String why) {
            link.client().standBy(why); // thread-safe; the context's hand-over follows
        }

        @Override
        public void handOver(String why) {
            link.standBy(why);
            desks.handOver(); // first: the desks reconnect to the next owner rather than see their agents logged out here
            wallboard.handOver();
            live.handOver();
            tally.handOver();
            if (recorder != null) {
                recorder.handOver();
            }
            distributor.handOver();
            if (callbacks != null) {
                callbacks.handOver();
            }
        }
    }

    /**
     * Today's figures of the calls before now, from the case register's database (after a start, or a takeover), taken
     * only if {@code stillValid} when they have been read (a takeover's turn may have ended meanwhile).
     */
    private void seedToday(java.util.function.BooleanSupplier stillValid) {
        java.time.Instant now = clock.instant();
        history.todayBefore(now).onSuccess(before -> {
            if (stillValid.getAsBoolean()) {
                tally.seed(now.atZone(centre.zone()).toLocalDate(), before);
            }
        }).onFailure(e -> log.warn("Today's figures before now not read: {}", se.vaxel.db.DatabaseFailure.safe(e)));
    }

    private void logWhoMayLogIn() {
        if (users.isEmpty()) {
            log.warn("No users file (VAXEL_USERS_FILE): nobody can log in, so the case API (/api/cases) refuses every "
                    + "request. Write one as switchboard/src/main/java/se/vaxel/auth/README.md shows, with password hashes "
                    + "from: java -cp vaxel-switchboard.jar se.vaxel.auth.HashPassword");
        } else {
            log.info("Staff who may log in: {} (sessions last {})", users.size(), config.auth().sessionLength());
            backOffice.checkOfficers(users.accounts().stream().map(se.vaxel.auth.Account::staff)
                    .filter(s -> s.has(se.vaxel.auth.Staff.OFFICER)).map(se.vaxel.auth.Staff::id).collect(java.util.stream.Collectors.toSet()));
        }
    }

    /** Every domain event goes to the live state first, then to routing, on this one event loop. */
    private void onCall(CallEvent event) {
        if (recorder != null) {
            recorder.on(event); // first, so that the case exists before anything else depends on it
        }
        live.apply(event);
        tally.on(event);
        if (event instanceof CallEvent.CallbackDone done && backOffice.placed(done)) {
            backOffice.on(done); // an officer's call back on a matter: not a queue callback, so not routing's
        } else {
            if (event instanceof CallEvent.CallbackDone done && callbacks != null) { // before routing settles the callback
                callbacks.get(done.callbackId()).ifPresent(cb -> tally.callbackDone(cb.service(), "ANSWER".equals(done.dialStatus())));
            }
            distributor.on(event);
        }
        desks.on(event);
    }

    private void onLink(LinkEvent event) {
        if (event instanceof LinkEvent.Resynced r) {
            if (recorder != null) {
                recorder.on(r);
            }
            live.apply(r);
            tally.on(r);
            distributor.on(r);
        } else if (event instanceof LinkEvent.Down d) {
            log.warn("AMI link down: {}", d.reason());
        }
    }

    /** Whether this node routes its PBX now: always without the lease, else while its turn's lease holds. */
    public boolean ownsPbx() {
        return cluster == null || cluster.owns();
    }

    /** The verticle's context, whose event loop owns the live state and routing (tests run steps on it). */
    io.vertx.core.Context eventLoop() {
        return context;
    }

    /** The port the HTTP API listens on (useful when configured as 0). */
    public int httpPort() {
        return http == null ? -1 : http.actualPort();
    }

    /** Every route the HTTP API has, for the test that walks them all asking who may use each. */
    java.util.List<io.vertx.ext.web.Route> routes() {
        return router.getRoutes();
    }

    /** Each service queue's counts from the domain events (today's, the meters'). */
    public se.vaxel.metrics.QueueTally queueTally() {
        return tally;
    }

    public LiveCalls liveCalls() {
        return live;
    }

    public AmiLink link() {
        return link;
    }

    public CallDistributor distributor() {
        return distributor;
    }

    /** The case register; null until the cluster member runs. */
    public CaseRegister caseRegister() {
        return register;
    }

    /** The back office's matters; null until the case register runs. */
    public se.vaxel.backoffice.MatterHandling matters() {
        return backOffice.handling();
    }

    /** The retention of closed cases; null until the register runs. */
    public se.vaxel.cases.CaseRetention caseRetention() {
        return retention;
    }

    /** The callbacks promised; null until the database is open. */
    public CallbackBook callbacks() {
        return callbacks;
    }

    /** The desks' WebSocket server. */
    public DeskServer desks() {
        return desks;
    }

    @Override
    public Future<?> stop() {
        if (distributor != null) {
            distributor.stop();
        }
        if (desks != null) {
            desks.stop();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (wallboard != null) {
            wallboard.stop();
        }
        if (cluster != null) {
            cluster.stopForwarding();
        }
        // Closing the AMI client waits for its I/O thread, the pool for its connections: not on the event loop.
        return vertx.executeBlocking(() -> {
            if (cluster != null) {
                cluster.close(); // before the link: released at once, the next owner takes over in milliseconds
            }
            if (link != null) {
                link.close();
            }
            backOffice.close();
            history.close();
            if (retention != null) {
                retention.close();
            }
            if (callbacks != null) {
                try {
                    callbacks.saveNow();
                } catch (RuntimeException e) {
                    log.error("Callbacks not saved at shutdown: {}", se.vaxel.db.DatabaseFailure.safe(e));
                }
            }
            if (audit != null) {
                audit.close(); // what is still queued, before the pool closes
            }
            if (shared != null) {
                try {
                    backOffice.flush(); // before the member leaves, as the register does for its own map
                    if (given == null) {
                        shared.close(); // writes what is queued behind the maps, leaves the cluster, closes the pool
                    } else {
                        shared.register().flush(); // the node closes it, once Vert.x (clustered on it) has closed
                    }
                } catch (RuntimeException e) {
                    log.error("Case register not closed cleanly: {}", se.vaxel.db.DatabaseFailure.safe(e));
                }
            }
            return null;
        });
    }
}
