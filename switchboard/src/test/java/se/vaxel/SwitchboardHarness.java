package se.vaxel;

import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import se.vaxel.ami.AmiClientConfig;

/** A switchboard on an ephemeral HTTP port, linked to an AMI server on loopback; read through its HTTP API. */
public final class SwitchboardHarness implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final SwitchboardVerticle verticle;
    /** The verticle's context: its event loop is the one thread that owns the live state and routing. */
    private volatile Context context;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * Linked to a recorded Asterisk: the recordings' citizens entered the dialplan in contexts of their own
     * (citizen-in, citizen-hold, rm-ivr), which a municipality would name in VAXEL_CITIZEN_CONTEXTS too.
     */
    public SwitchboardHarness(int amiPort, String secret) throws Exception {
        this(AmiClientConfig.of("127.0.0.1", amiPort, "switchboard", secret)
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(500)),
                Map.of("VAXEL_CITIZEN_CONTEXTS", "citizen-in,citizen-hold,rm-ivr"));
    }

    public SwitchboardHarness(AmiClientConfig ami) throws Exception {
        this(ami, Map.of());
    }

    /** With extra VAXEL_* settings, e.g. the citizens' entry contexts of another dialplan. */
    public SwitchboardHarness(AmiClientConfig ami, Map<String, String> settings) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.put("VAXEL_HTTP_PORT", "0");
        env.put("VAXEL_HTTP_HOST", "127.0.0.1");
        // Each switchboard its own database, gone with it, unless a test names one (e.g. to restart on it).
        env.putIfAbsent("VAXEL_CLUSTER_NAME", "test-" + java.util.UUID.randomUUID());
        env.putIfAbsent("VAXEL_DB_URL", "jdbc:h2:mem:vaxel-" + java.util.UUID.randomUUID());
        VaxelConfig config = VaxelConfig.from(env);
        verticle = new SwitchboardVerticle(config, ami, Clock.systemUTC());
        // Deployed through a wrapper that keeps the context Vert.x gives the verticle (VerticleBase keeps it protected).
        vertx.deployVerticle(new Deployable() {
            @Override
            public Future<?> deploy(Context c) throws Exception {
                context = c;
                return verticle.deploy(c);
            }

            @Override
            public Future<?> undeploy(Context c) throws Exception {
                return verticle.undeploy(c);
            }
        }).await(30, TimeUnit.SECONDS); // the cluster join may wait on other members on this machine
    }

    /** Runs steps on the switchboard's own event loop, e.g. to read or listen to its live state. */
    public OnContext onLoop() {
        return new OnContext(context);
    }

    public SwitchboardVerticle verticle() {
        return verticle;
    }

    public JsonObject get(String path) {
        return request("GET", path, null);
    }

    /** Any method, with a body or none; the JSON answer with its status as {@code _status}. */
    public JsonObject request(String method, String path, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + verticle.httpPort() + path))
                    .timeout(Duration.ofSeconds(5))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new JsonObject(r.body()).put("_status", r.statusCode());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public List<JsonObject> finished() {
        return objects(get("/api/calls/finished").getJsonArray("calls"));
    }

    public List<JsonObject> live() {
        return objects(get("/api/calls").getJsonArray("calls"));
    }

    static List<JsonObject> objects(JsonArray a) {
        return a.stream().map(JsonObject.class::cast).toList();
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
