package se.vaxel.desks;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw desk for the server's tests and the screen-pop benchmark: one WebSocket (Vert.x's client, on a Vert.x of
 * the caller's), every message received queued with the {@link System#nanoTime()} it arrived at. The
 * agent-client's {@code DeskClient} is the desks' library; this one stays raw so that tests can send anything,
 * broken messages included, and the switchboard's tests need not depend on the agent-client module (which
 * depends on the switchboard for its own tests).
 */
public final class DeskProbe implements AutoCloseable {

    /** A message as received, and when. */
    public record Received(JsonObject message, long nanos) {}

    private final WebSocketClient client;
    private final WebSocket ws;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    /** Messages a typed wait passed over, for the waits after it (the test's thread only). */
    private final java.util.Deque<JsonObject> skipped = new java.util.ArrayDeque<>();
    private volatile Short closeCode;
    private volatile long lastSeq;
    private volatile java.util.function.Consumer<Received> tap = r -> { };

    private DeskProbe(WebSocketClient client, WebSocket ws) {
        this.client = client;
        this.ws = ws;
        ws.textMessageHandler(t -> {
            Received r = new Received(new JsonObject(t), System.nanoTime());
            Long seq = r.message().getLong("seq");
            if (seq != null) {
                lastSeq = Math.max(lastSeq, seq);
            }
            tap.accept(r);
            received.add(r);
        });
        ws.closeHandler(v -> closeCode = ws.closeStatusCode() == null ? (short) 1006 : ws.closeStatusCode());
    }

    public static DeskProbe connect(Vertx vertx, URI uri) {
        WebSocketClient client = vertx.createWebSocketClient();
        try {
            WebSocket ws = client.connect(new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort()).setURI(uri.getPath()))
                    .await(5, TimeUnit.SECONDS);
            return new DeskProbe(client, ws);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no WebSocket to " + uri + " within 5 s", e);
        }
    }

    /** Called on the probe's event loop with each message as it arrives (the benchmark times pops here). */
    public void tap(java.util.function.Consumer<Received> t) {
        this.tap = t;
    }

    public void send(String text) {
        ws.writeTextMessage(text);
    }

    public void send(JsonObject message) {
        send(message.encode());
    }

    public void hello(String token) {
        send(new JsonObject().put("type", "hello").put("id", "hello").put("token", token));
    }

    /** hello as a desk coming back: the last seq it saw, and the ids of the commands it has no answer for. */
    public void resume(String token, long lastSeen, String... pending) {
        JsonObject hello = new JsonObject().put("type", "hello").put("id", "hello").put("token", token).put("resume", lastSeen);
        if (pending.length > 0) {
            hello.put("pending", new io.vertx.core.json.JsonArray(java.util.List.of(pending)));
        }
        send(hello);
    }

    /** Stops reading from the socket, as a desk that hangs (its TCP window closes); {@link #readAgain} reads on. */
    public void stopReading() {
        ws.pause();
    }

    public void readAgain() {
        ws.resume();
    }

    /** The next message, whatever it is (those a typed wait skipped first); fails after the wait. */
    public JsonObject next(Duration wait) {
        if (!skipped.isEmpty()) {
            return skipped.removeFirst();
        }
        return arriving(wait);
    }

    private JsonObject arriving(Duration wait) {
        try {
            Received r = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new AssertionError("no message from the switchboard within " + wait);
            }
            return r.message();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next message of this type; the others it passes stay for the next wait, in order. */
    public JsonObject next(String type, Duration wait) {
        return next(m -> type.equals(m.getString("type")), wait, type);
    }

    public JsonObject next(Predicate<JsonObject> which, Duration wait, String what) {
        for (var it = skipped.iterator(); it.hasNext();) {
            JsonObject m = it.next();
            if (which.test(m)) {
                it.remove();
                return m;
            }
        }
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " from the switchboard within " + wait + "; passed: " + skipped);
            }
            JsonObject m = arriving(Duration.ofNanos(left));
            if (which.test(m)) {
                return m;
            }
            skipped.addLast(m);
        }
    }

    /** Sends a message and returns the server's answer to it (ok or error with its ref), skipping others. */
    public JsonObject ask(JsonObject message) {
        String id = message.getString("id");
        send(message);
        return next(m -> id.equals(m.getString("ref")), Duration.ofSeconds(5), "answer to " + id);
    }

    /** Whatever has arrived and not been taken yet. */
    public java.util.List<JsonObject> drain() {
        java.util.List<JsonObject> out = new java.util.ArrayList<>(skipped);
        skipped.clear();
        java.util.List<Received> more = new java.util.ArrayList<>();
        received.drainTo(more);
        more.forEach(r -> out.add(r.message()));
        return out;
    }

    /** The highest seq received so far (what a desk says in {@code resume}). */
    public long lastSeq() {
        return lastSeq;
    }

    /** The close code once closed; null while open. */
    public Short closeCode() {
        return closeCode;
    }

    /** The reason the other side gave for closing; null while open. */
    public String closeReason() {
        return closeCode == null ? null : ws.closeReason();
    }

    @Override
    public void close() {
        ws.close();
        client.close();
    }
}
