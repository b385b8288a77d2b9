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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import se.vaxel.http.DeskPages;

/**
 * A stand-in for the switchboard's side of the desk protocol (PROTOCOL.md), until se.vaxel.desks serves it: the
 * desk pages as the switchboard serves them, a log-in for one agent, the back office's departments, the HTTP twins
 * of updateCase and transfer, and {@code /api/desk} as a WebSocket that welcomes the agent, answers every message
 * with {@code ok}, changes the agent's state as asked, and sends what a test tells it to. Everything the desk sends
 * is kept in {@link #received} (WebSocket messages) and {@link #http} (HTTP calls), in order.
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
    private JsonObject agent = state("logged_out", null);

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

    private static JsonObject state(String state, String reason) {
        return new JsonObject().put("state", state).put("since", Instant.now().toString()).put("reason", reason).putNull("callId");
    }

    private void attach(ServerWebSocket ws) {
        ws.textMessageHandler(text -> {
            JsonObject m = new JsonObject(text);
            received.add(m);
            String id = m.getString("id");
            switch (m.getString("type", "")) {
                case "hello" -> {
                    if (!TOKEN.equals(m.getString("token"))) {
                        ws.writeTextMessage(new JsonObject().put("type", "error").put("code", "unauthenticated").encode());
                        ws.close((short) 4401);
                        return;
                    }
                    socket = ws;
                    send(new JsonObject().put("type", "welcome").put("user", new JsonObject().put("id", "karin").put("name", "Karin Sjöberg")
                            .put("roles", new JsonArray().add("agent"))).put("agent", agent).put("pops", new JsonArray()));
                }
                case "available", "endWrapUp" -> answerAndChange(id, state("available", null));
                case "pause" -> answerAndChange(id, state("paused", m.getString("reason")));
                case "logout" -> answerAndChange(id, state("logged_out", null));
                default -> send(new JsonObject().put("type", "ok").put("ref", id));
            }
        });
    }

    private void answerAndChange(String id, JsonObject newState) {
        agent = newState;
        send(new JsonObject().put("type", "ok").put("ref", id));
        send(newState.copy().put("type", "agentState"));
    }

    /** Sends a message to the desk with the next seq, on the stub's event loop. */
    synchronized void send(JsonObject message) {
        ServerWebSocket ws = socket;
        if (ws == null) {
            throw new IllegalStateException("no desk connected");
        }
        message.put("seq", ++seq);
        ws.writeTextMessage(message.encode());
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
