package se.vaxel.backoffice;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.db.Database;

/**
 * Exports matters to an external case-management system by webhook: each transfer and close becomes a row
 * in the outbox, posted as JSON (signed with HMAC-SHA256) until the system answers 2xx, with a growing pause
 * between attempts (5 s doubling, at most 15 min) and no limit on their number. At least once: the system
 * tells a repeated delivery by its {@code id}. A row the database cannot take at once is kept in memory and
 * written again (bounded); the delivery loop runs on every node, each posting only the rows it claimed.
 */
public final class WebhookExports implements MatterExport, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookExports.class);
    public static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    static final Duration LONGEST_RETRY = Duration.ofMinutes(15);
    private static final Duration CLAIM = Duration.ofSeconds(60);
    private static final int MAX_UNSAVED = 10_000;
    private static final int BATCH = 20;

    private final BackOffice.Webhook webhook;
    private final ExportOutbox outbox;
    private final Vertx vertx;
    private final Clock clock;
    private final HttpClient http;
    private final Duration firstRetry;
    private final List<ExportOutbox.Pending> unsaved = new ArrayList<>();
    private final long timer;
    private boolean saving;
    private boolean delivering;
    private volatile long dropped;
    private volatile ExportOutbox.Backlog backlog = new ExportOutbox.Backlog(0, null);

    /**
     * @param every      how often the outbox is looked at for due exports
     * @param firstRetry the pause after a first failed attempt ({@link #FIRST_RETRY}); it doubles with each
     */
    public WebhookExports(BackOffice.Webhook webhook, Database database, Vertx vertx, Clock clock, Duration every, Duration firstRetry) {
        this.webhook = webhook;
        this.firstRetry = firstRetry;
        this.outbox = new ExportOutbox(database);
        this.vertx = vertx;
        this.clock = clock;
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000).setIdleTimeout(30)
                .setSsl("https".equals(webhook.url().getScheme())));
        this.timer = vertx.setPeriodic(every.toMillis(), t -> {
            saveUnsaved();
            deliverDue();
        });
    }

    @Override
    public void exported(String type, Matter matter) {
        String id = UUID.randomUUID().toString();
        String body = payload(id, type, matter, clock.instant()).encode();
        synchronized (unsaved) {
            if (unsaved.size() >= MAX_UNSAVED) {
                dropped++;
                log.error("Matter export outbox full in memory ({} waiting for the database); export of matter {} dropped",
                        unsaved.size(), matter.id());
                return;
            }
            unsaved.add(new ExportOutbox.Pending(id, matter.id(), type, body, 0));
        }
        saveUnsaved();
    }

    /** The JSON the external system receives; documented in the back office's README. */
    static JsonObject payload(String id, String type, Matter m, Instant at) {
        return new JsonObject().put("id", id).put("type", type).put("occurredAt", at.toString())
                .put("matter", MattersJson.withTimeline(m, at));
    }

    /** Writes what waits in memory to the outbox, one batch at a time, off the event loop. */
    private void saveUnsaved() {
        List<ExportOutbox.Pending> batch;
        synchronized (unsaved) {
            if (saving || unsaved.isEmpty()) {
                return;
            }
            saving = true;
            batch = new ArrayList<>(unsaved);
        }
        vertx.executeBlocking(() -> {
            outbox.add(batch, clock.instant());
            return null;
        }, false).onComplete(r -> {
            synchronized (unsaved) {
                saving = false;
                if (r.succeeded()) {
                    unsaved.removeAll(batch);
                } else {
                    log.warn("Matter exports not yet saved ({} waiting), trying again: {}", unsaved.size(), se.vaxel.db.DatabaseFailure.safe(r.cause()));
                }
            }
            if (r.succeeded()) {
                deliverDue();
            }
        });
    }

    private void deliverDue() {
        if (delivering) {
            return;
        }
        delivering = true;
        Instant now = clock.instant();
        vertx.executeBlocking(() -> {
            backlog = outbox.backlog();
            return outbox.claimDue(now, now.plus(CLAIM), BATCH);
        }, false).compose(due -> Future.join(due.stream().map(this::deliver).toList())).onComplete(r -> {
            delivering = false;
            if (r.failed()) {
                log.warn("Matter exports: delivery round failed: {}", se.vaxel.db.DatabaseFailure.safe(r.cause()));
            }
        });
    }

    /** Posts one export; records the outcome either way (the future fails only when that cannot be written). */
    private Future<Void> deliver(ExportOutbox.Pending p) {
        Buffer body = Buffer.buffer(p.payload());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(webhook.url().toString())
                .setTimeout(10_000).putHeader("Content-Type", "application/json")
                .putHeader("X-Vaxel-Event", p.type()).putHeader("X-Vaxel-Delivery", p.id())
                .putHeader("X-Vaxel-Signature", "sha256=" + sign(webhook.secret(), body.getBytes()));
        return http.request(options).compose(req -> req.send(body)).compose(res -> res.body().map(b -> res.statusCode()))
                .transform(r -> {
                    Instant now = clock.instant();
                    if (r.succeeded() && r.result() / 100 == 2) {
                        return vertx.executeBlocking(() -> {
                            outbox.delivered(p.id(), now);
                            return null;
                        }, false);
                    }
                    String why = r.succeeded() ? "HTTP " + r.result() : r.cause().getMessage();
                    Instant next = now.plus(pause(firstRetry, p.attempts() + 1));
                    log.warn("Matter {} export {} not acknowledged (attempt {}): {}; next at {}", p.matterId(), p.type(),
                            p.attempts() + 1, why, next);
                    return vertx.executeBlocking(() -> {
                        outbox.failed(p.id(), why, next);
                        return null;
                    }, false);
                });
    }

    /** The pause after the n-th failed attempt: first, twice that, four times ... at most 15 min. */
    static Duration pause(Duration first, int attempts) {
        long millis = first.toMillis() << Math.min(20, Math.max(0, attempts - 1));
        return millis >= LONGEST_RETRY.toMillis() ? LONGEST_RETRY : Duration.ofMillis(millis);
    }

    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** Exports not yet acknowledged (as of the last delivery round), plus those still waiting for the database. */
    public long pending() {
        synchronized (unsaved) {
            return backlog.count() + unsaved.size();
        }
    }

    /** Seconds since the oldest unacknowledged export was made; 0 when none. */
    public double oldestPendingSeconds() {
        Instant oldest = backlog.oldest();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    public long dropped() {
        return dropped;
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
        http.close();
    }
}
