package se.vaxel.client;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A desk over the switchboard's WebSocket ({@code /api/desk}, see the switchboard's {@code desks/PROTOCOL.md}) on
 * the JDK's WebSocket client: for tests, load harnesses and simulated desks. Blocking-friendly: the commands wait
 * for the switchboard's {@code ok} (a {@code error} throws a {@link VaxelClientException} with its code), and
 * everything pushed (agentState, pop, callUpdate, matter) goes to the listeners as it arrives, on the client's
 * thread, and into a queue that {@link #next} reads. Do not block in a listener.
 *
 * <p>When the connection drops (not closed by this client nor refused by the switchboard), the client connects
 * again after a pause (200 ms doubling to 5 s) and says {@code hello} with {@code resume}: the last {@code seq} it
 * saw, and {@code pending}: the commands still waiting for their answer, which then comes (they are never sent
 * twice). What it missed then arrives again, and a message whose {@code seq} it has seen is dropped, so nothing is
 * lost or seen twice. Each welcome goes to the listeners too.
 */
public final class DeskClient implements AutoCloseable {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

    private final HttpClient http;
    /** The nodes' desk addresses, the first tried first; a reconnect tries the next when one does not answer. */
    private final java.util.List<URI> uris;
    private volatile int current;
    private final String token;
    private final BlockingQueue<JsonObject> pushed = new LinkedBlockingQueue<>();
    private final java.util.List<Consumer<JsonObject>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<JsonObject>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** Ids unique in the session, which other clients with the same token share: the switchboard knows commands by id. */
    private final String idPrefix = Long.toHexString(new java.security.SecureRandom().nextLong());
    private volatile long lastSeq;
    private volatile WebSocket ws;
    private volatile CompletableFuture<JsonObject> welcome = new CompletableFuture<>();
    private volatile boolean closing;
    private volatile Integer refusedWith;
    private volatile long reconnects;

    private DeskClient(HttpClient http, java.util.List<URI> uris, String token) {
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("no desk address to connect to");
        }
        this.http = http;
        this.uris = java.util.List.copyOf(uris);
        this.token = token;
    }

    /**
     * Connects to {@code ws://host:port/api/desk} with the session token from {@code POST /api/session} and waits
     * for the welcome. {@code http} may be shared by many desks (one selector thread for all).
     */
    public static DeskClient connect(HttpClient http, URI desk, String token) {
        return connect(http, java.util.List.of(desk), token);
    }

    /**
     * The same with several nodes of a clustered switchboard (any of them serves the desk): the first is used, and
     * when the connection drops and that node does not answer, the next, round the list.
     */
    public static DeskClient connect(HttpClient http, java.util.List<URI> desks, String token) {
        DeskClient c = new DeskClient(http, desks, token);
        c.open(null);
        c.awaitWelcome();
        return c;
    }

    public static DeskClient connect(URI desk, String token) {
        return connect(HttpClient.newHttpClient(), desk, token);
    }

    /** Told of every message from the switchboard (answers and welcomes included), in order, on the client's thread. */
    public DeskClient onMessage(Consumer<JsonObject> listener) {
        listeners.add(listener);
        return this;
    }

    /** The last welcome: the user, the agent's state, the pops in progress. */
    public JsonObject welcome() {
        return welcome.getNow(null);
    }

    public long lastSeq() {
        return lastSeq;
    }

    /** How many times the client connected again after a drop. */
    public long reconnects() {
        return reconnects;
    }

    // --- commands: each waits for the switchboard's ok

    public JsonObject available() {
        return send(new JsonObject().put("type", "available"));
    }

    public JsonObject pause(String reason) {
        return send(new JsonObject().put("type", "pause").put("reason", reason));
    }

    public JsonObject logout() {
        return send(new JsonObject().put("type", "logout"));
    }

    public JsonObject endWrapUp() {
        return send(new JsonObject().put("type", "endWrapUp"));
    }

    /** The agent's fields of a case; null fields are left as they are. */
    public JsonObject updateCase(String caseId, String category, String notes, String resolution) {
        JsonObject m = new JsonObject().put("type", "updateCase").put("caseId", caseId);
        putIf(m, "category", category);
        putIf(m, "notes", notes);
        putIf(m, "resolution", resolution);
        return send(m);
    }

    public JsonObject transfer(String caseId, String department, String summary) {
        return send(new JsonObject().put("type", "transfer").put("caseId", caseId).put("department", department).put("summary", summary));
    }

    public JsonObject ping() {
        return send(new JsonObject().put("type", "ping"));
    }

    /**
     * Sends a message (an {@code id} is added unless it has one) and waits for its answer: the {@code ok}, or a
     * {@link VaxelClientException} naming the error's code and message.
     */
    public JsonObject send(JsonObject message) {
        String id = message.getString("id");
        if (id == null) {
            id = idPrefix + "-" + ids.incrementAndGet();
            message.put("id", id);
        }
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        try {
            ws.sendText(message.encode(), true).get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            JsonObject a = answer.get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            if ("error".equals(a.getString("type"))) {
                throw new VaxelClientException(a.getString("code") + ": " + a.getString("message"), -1, null);
            }
            return a;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaxelClientException("interrupted", -1, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new VaxelClientException("no answer to " + message.getString("type") + " within " + ANSWER_WITHIN, -1, e);
        } finally {
            waiting.remove(id);
        }
    }

    /** The next message pushed of this type (agentState, pop, callUpdate, matter), skipping others; null after the wait. */
    public JsonObject next(String type, Duration wait) throws InterruptedException {
        return next(m -> type.equals(m.getString("type")), wait);
    }

    /** The next message pushed that passes {@code which}, skipping (and dropping) others; null after the wait. */
    public JsonObject next(java.util.function.Predicate<JsonObject> which, Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            JsonObject m = left <= 0 ? null : pushed.poll(left, TimeUnit.NANOSECONDS);
            if (m == null || which.test(m)) {
                return m;
            }
        }
    }

    /** The close code the switchboard refused this desk with (4401: log in again), or null. */
    public Integer refusedWith() {
        return refusedWith;
    }

    /** Drops the connection as a network would (for tests): the client connects again and resumes. */
    public void dropConnection() {
        ws.abort(); // the JDK tells the listener nothing of an abort
        dropped();
    }

    @Override
    public void close() {
        closing = true;
        WebSocket w = ws;
        if (w != null) {
            w.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }

    // --- the connection

    private void open(Long resume) {
        ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uris.get(current), new Listener(resume)).join();
    }

    /** The node connected to now (or last). */
    public URI node() {
        return uris.get(current);
    }

    private void awaitWelcome() {
        try {
            welcome.get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaxelClientException("interrupted", -1, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new VaxelClientException("no welcome from " + node() + (refusedWith == null ? "" : ": refused with " + refusedWith), -1, e);
        }
    }

    private void received(JsonObject m) {
        Long seq = m.getLong("seq");
        if (seq != null && "welcome".equals(m.getString("type"))) {
            // The welcome is the newest: count from it, also when the switchboard started the session afresh (another
            // node took over the PBX and knows nothing of the old numbering: resumed false, a lower seq).
            lastSeq = seq;
        } else if (seq != null) {
            if (seq <= lastSeq) {
                return; // seen before the connection dropped
            }
            lastSeq = seq;
        }
        String type = m.getString("type");
        String ref = m.getString("ref");
        if ("welcome".equals(type)) {
            welcome.complete(m);
        } else if (("ok".equals(type) || "error".equals(type)) && ref != null) {
            CompletableFuture<JsonObject> w = waiting.get(ref);
            if (w != null) {
                w.complete(m);
            }
        } else if (!"ok".equals(type)) {
            pushed.add(m);
        }
        if ("error".equals(type) && "unauthenticated".equals(m.getString("code"))) {
            welcome.completeExceptionally(new VaxelClientException(m.getString("message"), -1, null));
        }
        listeners.forEach(l -> l.accept(m));
    }

    private void dropped() {
        if (closing || refusedWith != null) {
            return;
        }
        CompletableFuture.runAsync(() -> {
            long pause = 200;
            while (!closing) {
                try {
                    Thread.sleep(pause);
                    welcome = new CompletableFuture<>();
                    open(lastSeq);
                    reconnects++;
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    current = (current + 1) % uris.size(); // that node does not answer: the next
                    pause = Math.min(5_000, pause * 2);
                }
            }
        });
    }

    private final class Listener implements WebSocket.Listener {
        private final Long resume;
        private final StringBuilder partial = new StringBuilder();

        Listener(Long resume) {
            this.resume = resume;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            JsonObject hello = new JsonObject().put("type", "hello").put("id", "hello").put("token", token);
            if (resume != null) {
                hello.put("resume", resume);
                if (!waiting.isEmpty()) {
                    hello.put("pending", new io.vertx.core.json.JsonArray(java.util.List.copyOf(waiting.keySet()))); // answered after the welcome
                }
            }
            webSocket.sendText(hello.encode(), true);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                received(new JsonObject(text));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (statusCode == 4401) {
                refusedWith = statusCode;
            }
            dropped();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            dropped();
        }
    }

    private static void putIf(JsonObject m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
