package se.vaxel.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.FreePorts;
import se.vaxel.http.JsonErrors;
import se.vaxel.http.Tls;

/**
 * {@link OwnerForward} between two HTTP servers on loopback: a "front" node whose routes are behind the forward, and
 * an "owner" with real routes (and a desk-like WebSocket). Where the owner is, is the test's to say.
 */
class OwnerForwardTest {

    /** Short, so the silent owner's 502 and the sockets' keep-alive pings show within the test. */
    private static final int IDLE_SECONDS = 2;

    private Vertx vertx;
    private HttpServer front;
    private HttpServer owner;
    private OwnerForward forward;
    private WebSocketClient wsClient;
    private final AtomicReference<OwnerForward.Where> where = new AtomicReference<>();
    /** What the owner's desk socket saw: its handshake headers, and the close the desk's side sent. */
    private final CompletableFuture<MultiMap> ownerSocketHeaders = new CompletableFuture<>();
    private final CompletableFuture<String> ownerSawClose = new CompletableFuture<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        owner = vertx.createHttpServer().requestHandler(ownerRoutes()).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        forward = new OwnerForward(vertx, "front-1", where::get,
                OwnerForward.clientOptions().setIdleTimeout(IDLE_SECONDS));
        Router r = Router.router(vertx);
        r.route("/api/*").handler(forward);
        r.get("/api/echo").handler(ctx -> ctx.json(new JsonObject().put("node", "front")));
        JsonErrors.mount(r);
        front = vertx.createHttpServer().requestHandler(r).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        wsClient = vertx.createWebSocketClient();
        where.set(new OwnerForward.There("127.0.0.1", owner.actualPort()));
    }

    @AfterEach
    void stop() throws Exception {
        forward.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Router ownerRoutes() {
        Router r = Router.router(vertx);
        r.get("/api/echo").handler(ctx -> {
            JsonObject headers = new JsonObject();
            ctx.request().headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            ctx.response().putHeader("X-Owner", "yes");
            ctx.json(new JsonObject().put("node", "owner").put("query", ctx.request().query()).put("headers", headers));
        });
        r.post("/api/things").handler(ctx -> ctx.request().body().onSuccess(body -> ctx.response().setStatusCode(201)
                .putHeader("Location", "/api/things/7").putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("got", body.toJsonObject()).put("type", ctx.request().getHeader("Content-Type")).encode())));
        r.post("/api/count").handler(ctx -> ctx.request().body().onSuccess(body -> ctx.json(new JsonObject().put("bytes", body.length()))));
        r.route("/api/desk").handler(ctx -> {
            MultiMap seen = MultiMap.caseInsensitiveMultiMap().addAll(ctx.request().headers());
            ctx.request().toWebSocket().onSuccess(ws -> {
                ownerSocketHeaders.complete(seen);
                ws.textMessageHandler(text -> {
                    if (text.equals("close-me")) {
                        ws.close((short) 4000, "bye from the owner");
                    } else if (text.equals("fill")) {
                        fillUntilFull(ws);
                    } else if (text.startsWith("burst ")) {
                        int n = Integer.parseInt(text.substring(6));
                        String filler = "x".repeat(10_000);
                        for (int i = 0; i < n; i++) {
                            ws.writeTextMessage(i + " " + filler);
                        }
                    } else {
                        ws.writeTextMessage("owner got: " + text);
                    }
                });
                ws.binaryMessageHandler(b -> ws.writeBinaryMessage(Buffer.buffer("owner got ").appendBuffer(b)));
                ws.closeHandler(v -> ownerSawClose.complete(ws.closeStatusCode() + " " + ws.closeReason()));
            });
        });
        JsonErrors.mount(r);
        return r;
    }

    /** Messages the owner sent before its write queue filled (the desk's side not reading), once it has. */
    private final CompletableFuture<Integer> ownerQueueFull = new CompletableFuture<>();

    /** Writes 10 kB messages, a batch a millisecond, until the socket's write queue is full: then says how many. */
    private void fillUntilFull(ServerWebSocket ws) {
        String filler = "y".repeat(10_000);
        int[] sent = {0};
        vertx.setPeriodic(1, t -> {
            for (int i = 0; i < 50 && !ws.writeQueueFull() && sent[0] < 50_000; i++) {
                ws.writeTextMessage(sent[0]++ + " " + filler);
            }
            if (ws.writeQueueFull() || sent[0] >= 50_000) {
                vertx.cancelTimer(t);
                ownerQueueFull.complete(sent[0]);
            }
        });
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.actualPort() + path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private WebSocket desk(String... headers) throws Exception {
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(front.actualPort()).setURI("/api/desk?v=1");
        for (int i = 0; i < headers.length; i += 2) {
            o.addHeader(headers[i], headers[i + 1]);
        }
        return wsClient.connect(o).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void getIsForwardedWithItsQueryAndHeadersAndTheAnswerRelayed() throws Exception {
        HttpResponse<String> r = get("/api/echo?queue=1&q=a%20b", "Authorization", "Bearer t0ken", "X-Test", "kept",
                "Keep-Alive", "timeout=5", "Proxy-Authorization", "Basic eA==");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("yes", r.headers().firstValue("X-Owner").orElse(null));
        JsonObject body = new JsonObject(r.body());
        assertEquals("owner", body.getString("node"));
        assertEquals("queue=1&q=a%20b", body.getString("query"));
        JsonObject h = body.getJsonObject("headers");
        assertEquals("Bearer t0ken", h.getString("authorization"));
        assertEquals("kept", h.getString("x-test"));
        assertEquals("front-1", h.getString("x-vaxel-forwarded"));
        assertEquals("127.0.0.1", h.getString("x-forwarded-for"));
        assertTrue(h.getString("forwarded").startsWith("for=127.0.0.1;proto=http;host=\"127.0.0.1:" + front.actualPort() + "\""), h.encode());
        assertEquals("127.0.0.1:" + owner.actualPort(), h.getString("host"), "the owner's own host, not the front's");
        assertNull(h.getString("keep-alive"), "hop-by-hop headers stay behind");
        assertNull(h.getString("proxy-authorization"));
    }

    @Test
    void postBodyGoesAndTheOwnersStatusHeadersAndBodyComeBack() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.actualPort() + "/api/things"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ärende\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("/api/things/7", r.headers().firstValue("Location").orElse(null));
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null));
        JsonObject body = new JsonObject(r.body());
        assertEquals("Ärende", body.getJsonObject("got").getString("name"));
        assertEquals("application/json", body.getString("type"));
    }

    @Test
    void aLargeBodyWithoutALengthIsStreamedThrough() throws Exception {
        int size = 2 * 1024 * 1024;
        // ofInputStream has no length: sent chunked, and forwarded as a stream
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.actualPort() + "/api/count"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[size]))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(size, new JsonObject(r.body()).getInteger("bytes"));
    }

    @Test
    void theOwnersNotFoundPassesThrough() throws Exception {
        HttpResponse<String> r = get("/api/nothing-here");
        assertEquals(404, r.statusCode());
        assertEquals("no such resource: GET /api/nothing-here", new JsonObject(r.body()).getString("error"));
    }

    @Test
    void hereTheRequestGoesOnToThisNodesRoutes() throws Exception {
        where.set(new OwnerForward.Here());
        HttpResponse<String> r = get("/api/echo");
        assertEquals(200, r.statusCode());
        assertEquals("front", new JsonObject(r.body()).getString("node"));
    }

    @Test
    void nobodyGets503WithRetryAfter() throws Exception {
        where.set(new OwnerForward.Nobody());
        HttpResponse<String> r = get("/api/echo");
        assertEquals(503, r.statusCode());
        assertEquals("2", r.headers().firstValue("Retry-After").orElse(null));
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null));
        assertTrue(new JsonObject(r.body()).getString("error").startsWith("no node owns the PBX right now"), r.body());
    }

    @Test
    void anOwnerThatIsDownGetsA503Quickly() throws Exception {
        where.set(new OwnerForward.There("127.0.0.1", FreePorts.one())); // nobody listens there
        long t0 = System.nanoTime();
        HttpResponse<String> r = get("/api/echo");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3), "no hanging");
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("2", r.headers().firstValue("Retry-After").orElse(null));
        assertTrue(new JsonObject(r.body()).getString("error").contains("cannot be reached"), r.body());
    }

    @Test
    void anOwnerThatNeverAnswersGetsA502AfterTheIdleTimeout() throws Exception {
        List<NetSocket> held = new CopyOnWriteArrayList<>();
        NetServer silent = vertx.createNetServer().connectHandler(held::add).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        where.set(new OwnerForward.There("127.0.0.1", silent.actualPort()));
        long t0 = System.nanoTime();
        HttpResponse<String> r = get("/api/echo");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(IDLE_SECONDS + 5), "no hanging");
        assertEquals(502, r.statusCode(), r.body());
        assertFalse(r.headers().firstValue("Retry-After").isPresent(), "it may have acted: no invitation to repeat");
        assertTrue(new JsonObject(r.body()).getString("error").contains("gave no answer"), r.body());
        assertFalse(held.isEmpty());
    }

    @Test
    void aRequestForwardedOnceIsNotForwardedAgain() throws Exception {
        HttpResponse<String> r = get("/api/echo", "X-Vaxel-Forwarded", "node-2");
        assertEquals(503, r.statusCode());
        assertEquals("2", r.headers().firstValue("Retry-After").orElse(null));
        assertTrue(new JsonObject(r.body()).getString("error").contains("owner moved"), r.body());

        where.set(new OwnerForward.Here());
        assertEquals("front", new JsonObject(get("/api/echo", "X-Vaxel-Forwarded", "node-2").body()).getString("node"),
                "at the owner it is served");
    }

    @Test
    void socketFramesGoBothWaysWithTheHandshakesHeaders() throws Exception {
        WebSocket ws = desk("Authorization", "Bearer t0ken", "Origin", "https://desk.example", "Cookie", "a=b");
        List<String> got = new CopyOnWriteArrayList<>();
        ws.textMessageHandler(got::add);
        ws.binaryMessageHandler(b -> got.add("binary:" + b));
        ws.writeTextMessage("{\"type\":\"hello\"}");
        ws.writeBinaryMessage(Buffer.buffer("bytes"));
        await().until(() -> got.size() == 2);
        assertEquals(List.of("owner got: {\"type\":\"hello\"}", "binary:owner got bytes"), got);

        MultiMap h = ownerSocketHeaders.get(5, TimeUnit.SECONDS);
        assertEquals("Bearer t0ken", h.get("Authorization"));
        assertEquals("https://desk.example", h.get("Origin"));
        assertEquals("a=b", h.get("Cookie"));
        assertEquals("front-1", h.get(OwnerForward.LOOP_HEADER));
        assertEquals("127.0.0.1", h.get("X-Forwarded-For"));
    }

    @Test
    void anIdleSocketOutlivesTheIdleTimeout() throws Exception {
        WebSocket ws = desk();
        await().during(Duration.ofSeconds(IDLE_SECONDS + 1)).atMost(Duration.ofSeconds(IDLE_SECONDS + 5)).until(() -> !ws.isClosed());
        List<String> got = new CopyOnWriteArrayList<>();
        ws.textMessageHandler(got::add);
        ws.writeTextMessage("still there?");
        await().until(() -> got.contains("owner got: still there?"));
    }

    @Test
    void aBurstFromTheOwnerArrivesWholeAndInOrder() throws Exception {
        WebSocket ws = desk();
        List<String> got = new CopyOnWriteArrayList<>();
        ws.textMessageHandler(t -> got.add(t.substring(0, t.indexOf(' '))));
        ws.writeTextMessage("burst 2000"); // 20 MB: more than any write queue holds
        await().atMost(Duration.ofSeconds(60)).until(() -> got.size() == 2000);
        for (int i = 0; i < 2000; i++) {
            assertEquals(String.valueOf(i), got.get(i));
        }
    }

    @Test
    void aDeskThatDoesNotReadHoldsTheOwnerBack() throws Exception {
        WebSocket ws = desk();
        List<String> got = new CopyOnWriteArrayList<>();
        ws.textMessageHandler(t -> got.add(t.substring(0, t.indexOf(' '))));
        ws.pause();
        ws.writeTextMessage("fill");
        // Without back-pressure the forward would take all 500 MB into its own memory and the owner's queue never fill.
        int sent = ownerQueueFull.get(30, TimeUnit.SECONDS);
        assertTrue(sent < 50_000, "the owner's write queue filled after " + sent + " messages");
        ws.resume();
        await().atMost(Duration.ofSeconds(60)).until(() -> got.size() == sent);
        for (int i = 0; i < sent; i++) {
            assertEquals(String.valueOf(i), got.get(i));
        }
    }

    @Test
    void theOwnersCloseReachesTheDeskWithItsCodeAndReason() throws Exception {
        WebSocket ws = desk();
        CompletableFuture<String> closed = new CompletableFuture<>();
        ws.closeHandler(v -> closed.complete(ws.closeStatusCode() + " " + ws.closeReason()));
        ws.writeTextMessage("close-me");
        assertEquals("4000 bye from the owner", closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void theDesksCloseReachesTheOwnerWithItsCodeAndReason() throws Exception {
        WebSocket ws = desk();
        ownerSocketHeaders.get(5, TimeUnit.SECONDS);
        ws.close((short) 4001, "bye from the desk");
        assertEquals("4001 bye from the desk", ownerSawClose.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anOwnerThatDiesClosesTheDeskWith1012() throws Exception {
        // The owner behind a TCP relay the test can cut: its connections end with no close frame, as when its node dies.
        List<NetSocket> links = new CopyOnWriteArrayList<>();
        NetServer relay = vertx.createNetServer().connectHandler(in -> {
            links.add(in);
            in.pause();
            vertx.createNetClient().connect(owner.actualPort(), "127.0.0.1").onSuccess(out -> {
                links.add(out);
                in.pipeTo(out);
                out.pipeTo(in);
                in.resume();
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        where.set(new OwnerForward.There("127.0.0.1", relay.actualPort()));
        WebSocket ws = desk();
        List<String> got = new CopyOnWriteArrayList<>();
        ws.textMessageHandler(got::add);
        ws.writeTextMessage("ping");
        await().until(() -> got.contains("owner got: ping"));
        CompletableFuture<String> closed = new CompletableFuture<>();
        ws.closeHandler(v -> closed.complete(ws.closeStatusCode() + " " + ws.closeReason()));

        relay.close();
        links.forEach(NetSocket::close);
        assertEquals(OwnerForward.SERVICE_RESTART + " " + OwnerForward.OWNER_GONE, closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void toAnOwnerServingTlsTheForwardSpeaksTls(@TempDir Path dir) throws Exception {
        String password = "store-" + System.nanoTime();
        Path store = dir.resolve("node.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool: " + out);
        HttpServer tlsOwner = vertx.createHttpServer(Tls.serverOptions(Map.of("VAXEL_TLS_KEYSTORE_FILE", store.toString(),
                "VAXEL_TLS_KEYSTORE_PASSWORD", password))).requestHandler(ownerRoutes()).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        OwnerForward tls = new OwnerForward(vertx, () -> new OwnerForward.There("127.0.0.1", tlsOwner.actualPort()),
                OwnerForward.clientOptions().setSsl(true).setTrustOptions(new KeyStoreOptions().setType("PKCS12")
                        .setPath(store.toString()).setPassword(password)));
        Router r = Router.router(vertx);
        r.route("/api/*").handler(tls);
        HttpServer tlsFront = vertx.createHttpServer().requestHandler(r).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tlsFront.actualPort() + "/api/echo")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("owner", new JsonObject(answer.body()).getString("node"));

        WebSocket ws = wsClient.connect(tlsFront.actualPort(), "127.0.0.1", "/api/desk").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        List<String> got = new CopyOnWriteArrayList<>();
        ws.textMessageHandler(got::add);
        ws.writeTextMessage("over TLS");
        await().until(() -> got.contains("owner got: over TLS"));
        tls.close();
    }

    @Test
    void anUpgradeWhenTheOwnerIsUnreachableGetsHttp503() {
        where.set(new OwnerForward.There("127.0.0.1", FreePorts.one()));
        ExecutionException e = assertThrows(ExecutionException.class, this::desk);
        UpgradeRejectedException rejected = assertInstanceOf(UpgradeRejectedException.class, e.getCause());
        assertEquals(503, rejected.getStatus());
        assertEquals("2", rejected.getHeaders().get("Retry-After"));
        assertTrue(rejected.getBody().toJsonObject().getString("error").contains("cannot be reached"));
    }

    @Test
    void anUpgradeTheOwnerRefusesKeepsItsStatus() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> wsClient
                .connect(front.actualPort(), "127.0.0.1", "/api/no-socket-here").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals(404, assertInstanceOf(UpgradeRejectedException.class, e.getCause()).getStatus());
    }

    @Test
    void anUpgradeWithNobodyOrALoopGetsHttp503() {
        where.set(new OwnerForward.Nobody());
        ExecutionException e = assertThrows(ExecutionException.class, this::desk);
        assertEquals(503, assertInstanceOf(UpgradeRejectedException.class, e.getCause()).getStatus());

        where.set(new OwnerForward.There("127.0.0.1", owner.actualPort()));
        e = assertThrows(ExecutionException.class, () -> desk(OwnerForward.LOOP_HEADER, "node-2"));
        assertEquals(503, assertInstanceOf(UpgradeRejectedException.class, e.getCause()).getStatus());
    }
}
