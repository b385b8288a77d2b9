package se.vaxel.desks;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.auth.Auth;
import se.vaxel.auth.SessionStore;
import se.vaxel.auth.Staff;
import se.vaxel.backoffice.BackOfficeRefusal;
import se.vaxel.backoffice.MatterHandling;
import se.vaxel.backoffice.MattersJson;
import se.vaxel.calls.CallEvent;
import se.vaxel.calls.LiveCalls;
import se.vaxel.cases.CaseRegister;
import se.vaxel.cases.CaseViews;
import se.vaxel.routing.Agent;
import se.vaxel.routing.AgentStatus;
import se.vaxel.routing.CallDistributor;
import se.vaxel.routing.ContactCentre;

/**
 * The desks' WebSocket, {@code GET /api/desk} (PROTOCOL.md): opens desk sessions on a valid session token
 * ({@link DeskHello}), carries out the desks' commands (once per id) with the same routing, case and back-office
 * logic the HTTP API uses, and pushes what a desk must know: the agent's state on every change, screen pops
 * ({@link ScreenPops}), and the matters of an officer's departments; closes the desks of a log-in that ends. A desk's staff id is the routing agent's id (contact-centre file). Everything runs on
 * the switchboard's event loop; register look-ups are asynchronous.
 */
public final class DeskServer {

    private static final Logger log = LoggerFactory.getLogger(DeskServer.class);
    private static final long SWEEP_MS = 30_000;

    private final Vertx vertx;
    private final Clock clock;
    private final Auth auth;
    private final CallDistributor distributor;
    private final CaseViews cases;
    private final Supplier<MatterHandling> matters;
    private final Set<String> mayKnowProtected;
    private final Desks desks;
    private final ScreenPops pops;
    private final DeskHello hello;
    private final Context context;
    private final DeskSettings settings;
    private long sweeper = -1;

    /** Made on the switchboard's event loop, whose context the desks keep. */
    public DeskServer(Vertx vertx, Clock clock, Auth auth, CallDistributor distributor, LiveCalls live, ContactCentre centre,
            CaseViews cases, Supplier<MatterHandling> matters, Set<String> mayKnowProtected, DeskSettings settings) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.settings = settings;
        this.clock = clock;
        this.auth = auth;
        this.distributor = distributor;
        this.cases = cases;
        this.matters = matters;
        this.mayKnowProtected = Set.copyOf(mayKnowProtected);
        this.desks = new Desks(clock);
        this.pops = new ScreenPops(desks, live, centre, cases, auth::current, this::addressOf);
        this.hello = new DeskHello(auth, desks, pops, distributor);
        distributor.onAgentChange(change -> {
            Agent a = distributor.agents().get(change.agentId());
            desks.toStaff(change.agentId(), DeskMessages.agentState(change, a));
            pops.on(change);
        });
    }

    /** Mounts {@code /api/desk}; a request that is no WebSocket upgrade gets a 400 saying so. */
    public void mount(Router router) {
        router.route("/api/desk").handler(ctx -> ctx.request().toWebSocket()
                .onSuccess(ws -> new DeskSocket(ws, this, auth.clientAddress(ctx.request())))
                .onFailure(e -> {
                    if (!ctx.response().ended()) {
                        ctx.response().setStatusCode(400);
                        ctx.json(new JsonObject().put("error", "/api/desk is a WebSocket (PROTOCOL.md): " + e.getMessage()));
                    }
                }));
        sweeper = vertx.setPeriodic(SWEEP_MS, t -> desks.sweep());
    }

    /** Once the back office runs: officers' desks get their departments' matters as steps change them. */
    public void follow(MatterHandling handling) {
        handling.onChange(m -> {
            JsonObject message = MattersJson.withTimeline(m, clock.instant()).put("type", "matter");
            desks.toEveryone(s -> (s.has(Staff.OFFICER) || s.has(Staff.SUPERVISOR)) && handling.maySee(asker(s), m), message);
        });
    }

    /**
     * Once the session store runs: a log-in that ends on any node (logged out, expired) closes its desks here with
     * 4401 at once. The cluster-wide map's listener, not a local event: the log-out may reach another node.
     */
    public void follow(SessionStore sessions) {
        sessions.onEnded(e -> context.runOnContext(v -> desks.ended(e.tokenDigest(), e.expired() ? DeskSocket.EXPIRED : DeskSocket.LOGGED_OUT)));
    }

    /** A call event the desks care about beyond the agent's state: a transfer ends the pop. */
    public void on(CallEvent event) {
        if (event instanceof CallEvent.Transferred t) {
            pops.on(t);
        }
    }

    /** Another node owns the PBX now: every desk closed with 1012, to reconnect to it (through any node). */
    public void handOver() {
        desks.handOver();
    }

    public void stop() {
        if (sweeper >= 0) {
            vertx.cancelTimer(sweeper);
        }
    }

    /** Desk sessions kept, and of them those with a socket open now. */
    public int sessions() {
        return desks.sessions();
    }

    public int connected() {
        return desks.connected();
    }

    Vertx vertx() {
        return vertx;
    }

    DeskSettings settings() {
        return settings;
    }

    Desks desks() {
        return desks;
    }

    Optional<Staff> current(String staffId) {
        return auth.current(staffId);
    }

    private String addressOf(String staffId) {
        return desks.addressOf(staffId);
    }

    private MatterHandling.Asker asker(Staff s) {
        return new MatterHandling.Asker(s.id(), s.has(Staff.SUPERVISOR), s.hasAny(mayKnowProtected), cases.ownPhone(s));
    }

    void hello(DeskSocket socket, DeskCommand.Hello hello) {
        this.hello.on(socket, hello);
    }

    /** A command, carried out once: an id the session has seen gets its answer again (or when ready), not a second go. */
    void handle(DeskSocket socket, DeskCommand command) {
        CommandLog.Status seen = socket.session().commands().begin(command.id());
        if (seen instanceof CommandLog.Answered a) {
            socket.answer(a.answer().copy());
            return;
        } else if (seen != null) {
            return; // in progress: its answer comes when it is done
        }
        Staff me = socket.staff();
        Future<Void> done;
        try {
            done = carryOut(me, socket, command);
        } catch (IllegalStateException e) {
            done = Future.failedFuture(new Refused("conflict", e.getMessage()));
        } catch (IllegalArgumentException e) {
            done = Future.failedFuture(new Refused("bad_message", e.getMessage()));
        } catch (BackOfficeRefusal | Refused e) {
            done = Future.failedFuture(e);
        }
        done.onSuccess(v -> socket.answer(DeskMessages.ok(command.id()))).onFailure(e -> socket.answer(refusal(command.id(), e)));
    }

    /** One command; Java 17 has no pattern switch, the sealed interface keeps this list complete in review. */
    private Future<Void> carryOut(Staff me, DeskSocket socket, DeskCommand command) {
        if (command instanceof DeskCommand.Ping) {
            return Future.succeededFuture();
        } else if (command instanceof DeskCommand.Available) {
            return agentMove(me, agent -> {
                if (agent.status() == AgentStatus.LOGGED_OUT) {
                    distributor.logIn(me.id());
                } else if (agent.status() == AgentStatus.PAUSED) {
                    distributor.resume(me.id());
                } else if (agent.status() != AgentStatus.AVAILABLE) {
                    throw new IllegalStateException("cannot become available: the agent is " + agent.status().wireName().replace('_', ' '));
                }
            });
        } else if (command instanceof DeskCommand.Pause p) {
            return agentMove(me, agent -> distributor.pause(me.id(), p.reason()));
        } else if (command instanceof DeskCommand.Logout) {
            return agentMove(me, agent -> distributor.logOut(me.id()));
        } else if (command instanceof DeskCommand.EndWrapUp) {
            return agentMove(me, agent -> distributor.endWrapUp(me.id()));
        } else if (command instanceof DeskCommand.UpdateCase u) {
            return updateCase(me, socket, u);
        } else if (command instanceof DeskCommand.Transfer t) {
            return transfer(me, t);
        }
        throw new IllegalStateException("not a command after hello: " + command.getClass().getSimpleName());
    }

    /** Why a desk's command was not done, with the protocol's code. */
    static final class Refused extends RuntimeException {
        final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private static JsonObject refusal(String ref, Throwable e) {
        if (e instanceof Refused r) {
            return DeskMessages.error(ref, r.code, r.getMessage());
        }
        if (e instanceof BackOfficeRefusal r) {
            String code = switch (r.status()) {
                case 400 -> "bad_message";
                case 403 -> "forbidden";
                case 404 -> "not_found";
                case 409 -> "conflict";
                default -> "unavailable";
            };
            return DeskMessages.error(ref, code, r.getMessage());
        }
        log.error("A desk's command failed", e);
        return DeskMessages.error(ref, "unavailable", "not possible now");
    }

    private interface Move {
        void apply(Agent agent);
    }

    /** An agent's own move, through routing, so that its view of who is free never lags. */
    private Future<Void> agentMove(Staff me, Move move) {
        Agent agent = distributor.agents().get(me.id());
        if (agent == null) {
            throw new Refused("not_found", "no agent '" + me.id() + "' in the contact-centre file: a desk's staff id must be the agent's id");
        }
        move.apply(agent);
        return Future.succeededFuture();
    }

    private Future<Void> updateCase(Staff me, DeskSocket socket, DeskCommand.UpdateCase u) {
        CaseRegister r = cases.register();
        if (r == null) {
            throw new Refused("unavailable", "the case register is starting");
        }
        JsonObject fields = new JsonObject().put("category", u.category()).put("notes", u.notes()).put("resolution", u.resolution());
        var change = CaseViews.notes(fields, me.id());
        return cases.note(r, u.caseId(), change, new CaseViews.Reader(me, socket.address())).compose(done -> switch (done.outcome()) {
            case CHANGED -> Future.succeededFuture();
            case NOT_FOUND -> Future.failedFuture(new Refused("not_found", "no case " + u.caseId()));
            case ANONYMISED -> Future.failedFuture(new Refused("conflict", "case " + u.caseId() + " is anonymised: it takes no more changes"));
        });
    }

    private Future<Void> transfer(Staff me, DeskCommand.Transfer t) {
        MatterHandling h = matters.get();
        if (h == null) {
            throw new Refused("unavailable", "the back office is starting");
        }
        return h.transfer(t.caseId(), t.department(), t.summary(), asker(me)).<Void>mapEmpty();
    }
}
