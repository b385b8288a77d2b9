package se.vaxel.browser;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import se.vaxel.http.DeskPages;

/**
 * A stand-in for the switchboard's side of the desk protocol (PROTOCOL.md), for the states a real switchboard is
 * slow or awkward to reach (a protected identity, a socket refused, a state changing as the agent presses a
 * button; {@code DeskStoryBrowserTest} runs the desks against the real one): the desk pages as the switchboard
 * serves them, a log-in for one agent, the back office's departments, the HTTP twins of updateCase and transfer,
 * and {@code /api/desk} as a WebSocket that behaves as se.vaxel.desks does: it welcomes the agent (user with
 * departments, agent {@code {id, state, since, reason, callId}}, the pop in progress with its {@code state},
 * {@code resumed}), numbers every message, keeps them, and on {@code hello} with {@code resume} sends what was
 * missed first and then the welcome; it answers every message with {@code ok}, or with a {@code conflict} where
 * the agent's state machine refuses it, changes the agent's state as asked, and sends what a test tells it to.
 * It remembers its answers by the command's id, so a {@code hello} that names commands still {@code pending} after a
 * drop gets each answered after the welcome (unless replayed): again, {@code not_received}, or {@code unknown} when
 * it plays a switchboard that never had the session. A test can drop the socket just as a command arrives, done or
 * not, and end the session (4401). Everything the desk sends is kept in {@link #received} (WebSocket messages) and
 * {@link #http} (HTTP calls), in order.
 */
final class DeskSocketStub implements AutoCloseable {

    static final String TOKEN = "stub-token-" + System.nanoTime();

    final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    final BlockingQueue<JsonObject> http = new LinkedBlockingQueue<>();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private volatile ServerWebSocket socket;
    private volatile boolean refuseSockets;
    private long seq;
    /** Every message sent, for resume (the real one keeps 5 minutes' worth). */
    private final java.util.List<JsonObject> sent = new java.util.ArrayList<>();
    private JsonObject agent = state("logged_out", null);
    /** The pop in progress (ringing or answered), as the welcome repeats it. */
    private JsonObject pop;
    /** A state the agent turns to just before the desk's next message is handled: the phone rings as she presses. */
    private JsonObject race;
    /** The answers sent, by the id of the command they answer. */
    private final java.util.Map<String, JsonObject> answers = new java.util.HashMap<>();
    /** What happens to the desk's next command: the socket drops before the desk reads any answer. */
    private Drop drop;
    /** The next hello is answered as by a switchboard that never had the session (another node): no replay, no record. */
    private boolean forgetting;

    /** The socket drops as the next command arrives: carried out or not; and the desk comes back to another node or not. */
    record Drop(boolean carriedOut, boolean toAnotherNode) {}

    DeskSocketStub() throws Exception {
        Router router = Router.router(vertx);
        DeskPages.mount(router);
        router.route("/api/*").handler(BodyHandler.create());
        router.post("/api/session").handler(ctx -> ctx.json(new JsonObject().put("token", TOKEN)
                .put("user", new JsonObject().put("id", "karin").put("name", "Karin Sjöberg").put("roles", new JsonArray().add("agent"))
                        .put("departments", new JsonArray()))
                .put("expiresAt", Instant.now().plus(Duration.ofHours(10)).toString())));
        router.delete("/api/session").handler(ctx -> ctx.response().setStatusCode(204).end());
        router.get("/api/back-office").handler(ctx -> ctx.json(new JsonObject().put("departments", new JsonArray()
                .add(new JsonObject().put("id", "building-permits").put("name", "Bygglov").put("officers", new JsonArray()))
                .add(new JsonObject().put("id", "streets-and-parks").put("name", "Gata och park").put("officers", new JsonArray())))));
        router.patch("/api/cases/:id").handler(ctx -> {
            http.add(new JsonObject().put("call", "PATCH " + ctx.request().path()).put("body", ctx.body().asJsonObject())
                    .put("authorization", ctx.request().getHeader("Authorization")));
            ctx.json(new JsonObject().put("id", ctx.pathParam("id")));
        });
        router.post("/api/matters").handler(ctx -> {
            http.add(new JsonObject().put("call", "POST " + ctx.request().path()).put("body", ctx.body().asJsonObject())
                    .put("authorization", ctx.request().getHeader("Authorization")));
            ctx.response().setStatusCode(201);
            ctx.json(new JsonObject().put("id", "m-1").put("status", "open"));
        });
        server = vertx.createHttpServer()
                .webSocketHandshakeHandler(h -> {
                    if (refuseSockets || !"/api/desk".equals(h.path())) {
                        h.reject(refuseSockets ? 503 : 404);
                    } else {
                        h.accept();
                    }
                })
                .webSocketHandler(this::attach)
                .requestHandler(router)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    static JsonObject state(String state, String reason) {
        return new JsonObject().put("state", state).put("since", Instant.now().toString()).put("reason", reason).putNull("callId");
    }

    private void attach(ServerWebSocket ws) {
        ws.textMessageHandler(text -> {
            JsonObject m = new JsonObject(text);
            received.add(m);
            String id = m.getString("id");
            String type = m.getString("type", "");
            if ("hello".equals(type)) {
                hello(ws, m);
                return;
            }
            Drop dropping = takeDrop(ws);
            if (dropping != null && !dropping.carriedOut()) {
                ws.close((short) 1012); // lost with the connection: never seen here
                return;
            }
            synchronized (this) {
                if (race != null) {
                    send(race.copy().put("type", "agentState"));
                    race = null;
                }
            }
            String now = agentState();
            switch (type) {
                // As the routing agent's state machine: available logs in or ends a pause (a no-op when available).
                case "available" -> answerOrRefuse(id, List.of("logged_out", "paused", "available"), now, state("available", null));
                case "endWrapUp" -> answerOrRefuse(id, List.of("wrap_up"), now, state("available", null));
                case "pause" -> answerOrRefuse(id, List.of("available", "wrap_up", "paused"), now, state("paused", m.getString("reason")));
                case "logout" -> answerOrRefuse(id, List.of("logged_out", "available", "wrap_up", "paused"), now, state("logged_out", null));
                default -> send(new JsonObject().put("type", "ok").put("ref", id));
            }
            if (dropping != null) {
                ws.close((short) 1012); // done, and the answer kept for the resume, but the connection is gone
            }
        });
    }

    /** The drop the test asked for, if any: the socket is let go first, so nothing more is written to it. */
    private synchronized Drop takeDrop(ServerWebSocket ws) {
        Drop d = drop;
        drop = null;
        if (d != null) {
            if (socket == ws) {
                socket = null;
            }
            forgetting = d.toAnotherNode();
        }
        return d;
    }

    /** hello: what was missed after {@code resume} first, then the welcome; a wrong token is 4401. */
    private synchronized void hello(ServerWebSocket ws, JsonObject m) {
        if (!TOKEN.equals(m.getString("token"))) {
            ws.writeTextMessage(new JsonObject().put("type", "error").put("ref", m.getString("id")).put("code", "unauthenticated")
                    .put("message", "log in again").encode());
            ws.close((short) 4401);
            return;
        }
        Long resume = m.getLong("resume");
        boolean anotherNode = forgetting;
        forgetting = false;
        boolean resumed = resume != null && resume <= seq && !anotherNode;
        if (resumed) {
            sent.stream().filter(s -> s.getLong("seq") > resume).forEach(s -> ws.writeTextMessage(s.encode()));
        }
        socket = ws;
        send(new JsonObject().put("type", "welcome")
                .put("user", new JsonObject().put("id", "karin").put("name", "Karin Sjöberg").put("roles", new JsonArray().add("agent"))
                        .put("departments", new JsonArray()))
                .put("agent", agent.copy().put("id", "karin"))
                .put("pops", pop == null ? new JsonArray() : new JsonArray().add(fields(pop)))
                .put("resumed", resumed));
        for (Object id : m.getJsonArray("pending", new JsonArray())) {
            JsonObject answered = anotherNode ? null : answers.get((String) id);
            if (anotherNode) {
                send(error((String) id, "unknown", "no record of that command here"));
            } else if (answered == null) {
                send(error((String) id, "not_received", "never received: not carried out"));
            } else if (!resumed || answered.getLong("seq") <= resume) {
                send(fields(answered).put("type", answered.getString("type")));
            }
        }
    }

    private static JsonObject error(String ref, String code, String message) {
        return new JsonObject().put("type", "error").put("ref", ref).put("code", code).put("message", message);
    }

    private synchronized String agentState() {
        return agent.getString("state");
    }

    private synchronized void answerOrRefuse(String id, List<String> from, String now, JsonObject newState) {
        if (!from.contains(now)) {
            send(error(id, "conflict", "cannot do that: the agent is " + now.replace('_', ' ')));
            return;
        }
        boolean changes = !newState.getString("state").equals(now) || "paused".equals(now);
        send(new JsonObject().put("type", "ok").put("ref", id));
        if (changes) {
            agent = newState;
            send(newState.copy().put("type", "agentState"));
        }
    }

    /**
     * Sends a message to the desk with the next seq (kept for a resume, and only kept while no desk is connected),
     * and follows what it says: the agent's state, the pop in progress.
     */
    synchronized void send(JsonObject message) {
        message.put("seq", ++seq);
        sent.add(message.copy());
        if (message.getString("ref") != null) {
            answers.put(message.getString("ref"), message.copy());
        }
        switch (message.getString("type")) {
            case "agentState" -> agent = fields(message);
            case "pop" -> pop = message.copy().put("state", "ringing");
            case "callUpdate" -> {
                if (pop != null && pop.getString("callId").equals(message.getString("callId"))) {
                    pop = "answered".equals(message.getString("state")) ? pop.put("state", "answered") : null;
                }
            }
            default -> { }
        }
        ServerWebSocket ws = socket;
        if (ws != null) {
            ws.writeTextMessage(message.encode());
        }
    }

    /** A message's own fields, without its type and seq (as the welcome carries an agent state or a pop). */
    private static JsonObject fields(JsonObject message) {
        JsonObject f = message.copy();
        f.remove("type");
        f.remove("seq");
        return f;
    }

    /** The agent's state turns to {@code state} just before the desk's next message: a race the desk must explain. */
    synchronized void changeStateAsTheDeskAsks(String state) {
        race = state(state, null);
    }

    synchronized long seq() {
        return seq;
    }

    /** The next message the desk sent, of the type, skipping others; fails after 5 s. */
    JsonObject next(String type) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            JsonObject m = received.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && type.equals(m.getString("type"))) {
                return m;
            }
        }
        throw new AssertionError("the desk sent no " + type + "; left: " + received);
    }

    /** The socket drops as the desk's next command arrives (see {@link Drop}). */
    synchronized void dropAtNextCommand(Drop what) {
        drop = what;
    }

    /** The log-in ends ({@code expired}, {@code logged_out}) while the desk is open: said, and closed with 4401. */
    void endSession(String how) {
        ServerWebSocket ws = socket;
        socket = null;
        if (ws != null) {
            ws.writeTextMessage(error(null, "unauthenticated", "log in again").put("ended", how).encode());
            ws.close((short) 4401, how);
        }
    }

    /** Drops the desk's socket (a network blip), refusing new ones while {@code refuse}. */
    void dropSocket(boolean refuse) {
        refuseSockets = refuse;
        ServerWebSocket ws = socket;
        socket = null;
        if (ws != null) {
            ws.close((short) 1012);
        }
    }

    void acceptSockets() {
        refuseSockets = false;
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
