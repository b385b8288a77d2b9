package se.vaxel.backoffice;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The back office's figures for the metrics: each department's matters not closed and overdue, counted
 * across the cluster every little while off the event loop (a scrape must not wait on a cluster query).
 * Every node reports the same cluster-wide figures, so dashboards take the max over nodes, not the sum.
 */
public final class BackOfficeFigures implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackOfficeFigures.class);

    private final Vertx vertx;
    private final long timer;
    private final Map<String, MatterRegister.Workload> latest = new ConcurrentHashMap<>();
    private boolean counting;

    public BackOfficeFigures(MatterRegister matters, Vertx vertx, Clock clock, Duration every) {
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(0, every.toMillis(), t -> {
            if (counting) {
                return;
            }
            counting = true;
            vertx.executeBlocking(() -> matters.workload(clock.instant()), false).onComplete(r -> {
                counting = false;
                if (r.succeeded()) {
                    latest.keySet().retainAll(r.result().keySet());
                    latest.putAll(r.result());
                } else {
                    log.warn("Back-office figures not counted: {}", r.cause().getMessage());
                }
            });
        });
    }

    public long open(String department) {
        MatterRegister.Workload w = latest.get(department);
        return w == null ? 0 : w.open();
    }

    public long overdue(String department) {
        MatterRegister.Workload w = latest.get(department);
        return w == null ? 0 : w.overdue();
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
