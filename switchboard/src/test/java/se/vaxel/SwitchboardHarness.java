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

/**
 * A switchboard on an ephemeral HTTP port, linked to an AMI server on loopback; read through its HTTP API.
 * Unless a test names its own VAXEL_USERS_FILE, the switchboard has the {@link #TEST_STAFF}, each with a
 * password made up for this harness: {@link #login} gives their token.
 */
public final class SwitchboardHarness implements AutoCloseable {

    /** Test staff by id, with their roles: one of each built-in role, one who may see protected identities, one without case access. */
    public static final Map<String, List<String>> TEST_STAFF = Map.of(
            "agent", List.of("agent"),
            "officer", List.of("officer"),
            "supervisor", List.of("supervisor"),
            "admin", List.of("admin"),
            "protected", List.of("supervisor", "protected_identity"),
            "wallboard", List.of("wallboard"),
            // handling officers of the shipped back office (back-office.json)
            "officer-sara", List.of("officer"),
            "officer-omar", List.of("officer"));

    private final Vertx vertx = Vertx.vertx();
    private final SwitchboardVerticle verticle;
    /** The verticle's context: its event loop is the one thread that owns the live state and routing. */
    private volatile Context context;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> passwords = new java.util.HashMap<>();
    private java.nio.file.Path usersFile;
    private String supervisorToken;

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
        this(ami, settings, Map.of());
    }

    /**
     * With more staff beside the {@link #TEST_STAFF} (id to roles), e.g. agents of the contact-centre file, whose
     * staff id must be their agent id for their desks to drive routing.
     */
    public SwitchboardHarness(AmiClientConfig ami, Map<String, String> settings, Map<String, List<String>> moreStaff) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.put("VAXEL_HTTP_PORT", "0");
        env.put("VAXEL_HTTP_HOST", "127.0.0.1");
        // Each switchboard its own database, gone with it, unless a test names one (e.g. to restart on it).
        env.putIfAbsent("VAXEL_CLUSTER_NAME", "test-" + java.util.UUID.randomUUID());
        env.putIfAbsent("VAXEL_DB_URL", "jdbc:h2:mem:vaxel-" + java.util.UUID.randomUUID());
        if (!env.containsKey("VAXEL_USERS_FILE")) {
            usersFile = writeTestStaff(moreStaff);
            env.put("VAXEL_USERS_FILE", usersFile.toString());
        }
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

    /** A users file with the test staff; their passwords random, hashed at bcrypt's lowest cost to stay fast. */
    private java.nio.file.Path writeTestStaff(Map<String, List<String>> moreStaff) throws IOException {
        se.vaxel.auth.Passwords hasher = new se.vaxel.auth.Passwords(4);
        JsonArray users = new JsonArray();
        Map<String, List<String>> all = new java.util.TreeMap<>(TEST_STAFF);
        all.putAll(moreStaff);
        all.forEach((id, roles) -> {
            String password = "pw-" + java.util.UUID.randomUUID();
            passwords.put(id, password);
            users.add(new JsonObject().put("id", id).put("name", "Test " + id).put("roles", new JsonArray(roles))
                    .put("passwordHash", hasher.hash(password)));
        });
        java.nio.file.Path file = java.nio.file.Files.createTempFile("vaxel-users-", ".json");
        java.nio.file.Files.writeString(file, users.encodePrettily());
        return file;
    }

    /** The password made up for a test member of staff. */
    public String password(String user) {
        return passwords.get(user);
    }

    /** Logs a test member of staff in; their session's token. */
    public String login(String user) {
        JsonObject r = request("POST", "/api/session", new JsonObject().put("user", user).put("password", password(user)).encode());
        if (r.getInteger("_status") != 200) {
            throw new IllegalStateException("log-in of " + user + " refused: " + r.encode());
        }
        return r.getString("token");
    }

    /** Runs steps on the switchboard's own event loop, e.g. to read or listen to its live state. */
    public OnContext onLoop() {
        return new OnContext(context);
    }

    /** {@code ws://.../api/desk} of this switchboard. */
    public java.net.URI deskUri() {
        return URI.create("ws://127.0.0.1:" + verticle.httpPort() + "/api/desk");
    }

    public SwitchboardVerticle verticle() {
        return verticle;
    }

    /**
     * A GET; the live APIs (calls, queues, agents, services, callbacks), which need a supervisor, as the test staff's
     * supervisor, anything else without a token.
     */
    public JsonObject get(String path) {
        boolean live = java.util.stream.Stream.of("/api/calls", "/api/queues", "/api/agents", "/api/services", "/api/callbacks")
                .anyMatch(path::startsWith);
        return request("GET", path, null, live ? supervisor() : null);
    }

    /** The test staff's supervisor's token, logged in once. */
    public synchronized String supervisor() {
        if (supervisorToken == null) {
            supervisorToken = login("supervisor");
        }
        return supervisorToken;
    }

    /** A GET as a logged-in member of staff (their token from {@link #login}). */
    public JsonObject get(String path, String token) {
        return request("GET", path, null, token);
    }

    /** Any method, with a body or none; the JSON answer with its status as {@code _status}. */
    public JsonObject request(String method, String path, String body) {
        return request(method, path, body, null);
    }

    /** The same with {@code Authorization: Bearer <token>} (none when null). */
    public JsonObject request(String method, String path, String body, String token) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + verticle.httpPort() + path))
                    .timeout(Duration.ofSeconds(5))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return (r.body().isEmpty() ? new JsonObject() : new JsonObject(r.body())).put("_status", r.statusCode());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A plain-text answer ({@code /metrics}), without a token. */
    public String text(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + verticle.httpPort() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
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
        if (usersFile != null) {
            java.nio.file.Files.deleteIfExists(usersFile);
        }
    }
}
