package se.vaxel.desks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.auth.Auth;
import se.vaxel.auth.Staff;
import se.vaxel.routing.CallDistributor;

/**
 * Opens a desk session on {@code hello}: the token checked as the HTTP API checks it; then what the desk missed
 * (with {@code resume}, while kept) and the welcome with the agent's state and any pop in progress; then an answer
 * for each command the desk sent before its socket dropped and has no answer for ({@code pending}). Messages sent
 * to the session while the welcome was made go out between them, so none is lost. On the switchboard's event loop.
 */
final class DeskHello {

    private static final Logger log = LoggerFactory.getLogger(DeskHello.class);

    private final Auth auth;
    private final Desks desks;
    private final ScreenPops pops;
    private final CallDistributor distributor;

    DeskHello(Auth auth, Desks desks, ScreenPops pops, CallDistributor distributor) {
        this.auth = auth;
        this.desks = desks;
        this.pops = pops;
        this.distributor = distributor;
    }

    void on(DeskSocket socket, DeskCommand.Hello hello) {
        auth.session(hello.token()).onComplete(found -> {
            if (found.failed()) {
                socket.refuse(hello.id(), "log-in is not possible now: " + found.cause().getMessage());
                return;
            }
            if (found.result().isEmpty()) {
                socket.refuse(hello.id(), "the session has ended or the token is not valid: log in again");
                return;
            }
            Auth.LoggedIn session = found.result().get();
            Staff staff = session.staff();
            DeskOutbox box = desks.session(hello.token(), staff);
            boolean known = box.lastSeq() > 0; // a session this node has talked to: it knows the commands it was sent
            long from = hello.resume() != null ? hello.resume() : box.lastSeq();
            Future<JsonObject> pop = staff.has(Staff.AGENT) ? pops.inProgress(staff.id()) : Future.succeededFuture(null);
            pop.otherwiseEmpty().onComplete(p -> {
                if (socket.closed()) {
                    return;
                }
                List<DeskOutbox.Sent> missed = box.after(from, desks.now());
                socket.feed().start(box, missed != null ? from : box.lastSeq());
                boolean resumed = hello.resume() != null && missed != null;
                JsonObject welcome = DeskMessages.welcome(staff, staff.has(Staff.AGENT) ? distributor.agents().get(staff.id()) : null,
                        p.result(), resumed);
                box.send(welcome, socket, desks.now());
                socket.opened(staff, box, session.expiresAt());
                settle(socket, box, hello.pending(), known, resumed ? from : -1);
                log.info("Desk of {} open from {}{}", staff.id(), socket.address(), hello.resume() == null ? ""
                        : missed == null ? " (resume from " + hello.resume() + " not possible: welcome only)" : " (resumed, " + missed.size() + " again)");
            });
        });
    }

    /**
     * Each command the desk is still waiting for gets one answer: the one replayed already, the one given before
     * (again), the one still to come when it is done, or: never received, so never carried out; or, from a node that
     * never had the session (or has forgotten that command), unknown: the desk judges from the welcome.
     */
    private static void settle(DeskSocket socket, DeskOutbox box, List<String> pending, boolean known, long replayedAfter) {
        CommandLog commands = box.commands();
        for (String id : pending) {
            CommandLog.Status status = commands.status(id);
            if (status instanceof CommandLog.Answered a) {
                if (replayedAfter < 0 || a.seq() <= replayedAfter) {
                    socket.answer(a.answer().copy());
                }
            } else if (status == null && (!known || commands.forgotSome())) {
                socket.answer(DeskMessages.error(id, "unknown", "this switchboard has no record of that command: "
                        + "whether it was done shows in the welcome"));
            } else if (status == null) {
                commands.begin(id); // should it still arrive on the old socket, it is not carried out
                socket.answer(DeskMessages.error(id, "not_received", "the switchboard did not receive it before the connection "
                        + "dropped: it was not carried out and will not be"));
            }
        }
    }
}
