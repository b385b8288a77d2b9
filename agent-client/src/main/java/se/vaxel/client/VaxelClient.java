package se.vaxel.client;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A Java client for Växel's HTTP API, for tests, load harnesses and simulated desks. Blocking calls on the
 * JDK's HTTP client: do not call it from an event loop.
 */
public final class VaxelClient {

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final String token;

    public VaxelClient(URI base) {
        this(base, Duration.ofSeconds(5));
    }

    public VaxelClient(URI base, Duration timeout) {
        this(base, timeout, null);
    }

    /**
     * @param token a session token (from {@code POST /api/session}) of a supervisor, an administrator or a wallboard
     *              account: the live calls, queues and finished calls need one; the health does not
     */
    public VaxelClient(URI base, Duration timeout, String token) {
        this.base = base;
        this.timeout = timeout;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** A live call: {@code state} is one of ivr, waiting, ringing, talking. */
    public record LiveCall(String id, String callerNumber, String service, String state, Instant arrivedAt, Instant since,
            String agent) {}

    /**
     * A call that has ended: {@code outcome} is answered, abandoned or ended_in_ivr; {@code waitSeconds} is null
     * when the switchboard could not know it (the call was already talking when it connected).
     */
    public record FinishedCall(String id, String callerNumber, String service, String outcome, String agent,
            List<String> offeredTo, Instant arrivedAt, Instant answeredAt, Instant endedAt, Double waitSeconds,
            double talkSeconds) {}

    public record ServiceQueue(String service, int waiting, int ringing, int talking, double longestWaitSeconds) {}

    public record Health(boolean up, String amiState, String lastError, long eventsReceived, long resyncs, int liveCalls) {}

    public List<LiveCall> liveCalls() {
        return list(get("/api/calls").getJsonArray("calls"), c -> new LiveCall(c.getString("id"), c.getString("callerNumber"),
                c.getString("service"), c.getString("state"), instant(c, "arrivedAt"), instant(c, "since"), c.getString("agent")));
    }

    public List<FinishedCall> finishedCalls() {
        return list(get("/api/calls/finished").getJsonArray("calls"), c -> new FinishedCall(c.getString("id"),
                c.getString("callerNumber"), c.getString("service"), c.getString("outcome"), c.getString("agent"),
                c.getJsonArray("offeredTo").stream().map(String.class::cast).toList(), instant(c, "arrivedAt"),
                instant(c, "answeredAt"), instant(c, "endedAt"), c.getDouble("waitSeconds"), c.getDouble("talkSeconds")));
    }

    public List<ServiceQueue> queues() {
        return list(get("/api/queues").getJsonArray("queues"), q -> new ServiceQueue(q.getString("service"),
                q.getInteger("waiting"), q.getInteger("ringing"), q.getInteger("talking"), q.getDouble("longestWaitSeconds")));
    }

    /** The switchboard's health; answers also while the AMI link is down (HTTP 503). */
    public Health health() {
        JsonObject h = request("/health", true);
        JsonObject ami = h.getJsonObject("ami");
        return new Health(ami.getBoolean("up"), ami.getString("state"), ami.getString("lastError"),
                ami.getLong("eventsReceived"), ami.getLong("resyncs"), h.getInteger("liveCalls"));
    }

    private JsonObject get(String path) {
        return request(path, false);
    }

    private JsonObject request(String path, boolean acceptUnavailable) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpRequest req = b.build();
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new VaxelClientException("GET " + path + " failed: " + e.getMessage(), -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaxelClientException("GET " + path + " interrupted", -1, e);
        }
        boolean ok = r.statusCode() / 100 == 2 || (acceptUnavailable && r.statusCode() == 503);
        if (!ok) {
            throw new VaxelClientException("GET " + path + " answered HTTP " + r.statusCode() + ": " + r.body(), r.statusCode(), null);
        }
        try {
            return new JsonObject(r.body());
        } catch (DecodeException e) {
            throw new VaxelClientException("GET " + path + " answered something that is not JSON", r.statusCode(), e);
        }
    }

    private static <T> List<T> list(JsonArray a, Function<JsonObject, T> f) {
        List<T> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(f.apply(a.getJsonObject(i)));
        }
        return out;
    }

    private static Instant instant(JsonObject o, String key) {
        String v = o.getString(key);
        return v == null ? null : Instant.parse(v);
    }
}
