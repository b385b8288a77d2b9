package se.vaxel.history;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import se.vaxel.cases.CaseRegister;
import se.vaxel.cases.RetentionSettings;
import se.vaxel.db.Database;
import se.vaxel.routing.ContactCentre;
import se.vaxel.routing.Service;

/**
 * The history as one piece for the switchboard: its API mounted with the others, its counting and the keeping of
 * finished days once the database and the case register run, stopped with the switchboard.
 */
public final class HistoryModule implements AutoCloseable {

    /** How often the oldest member looks for finished days to keep. */
    static final Duration EVERY = Duration.ofMinutes(5);

    private final Vertx vertx;
    private final Clock clock;
    private final ContactCentre centre;
    private final Duration shortAbandon;
    private final RetentionSettings retention;
    private volatile History history;
    private DayKeeper keeper;
    private Database database;

    /** {@code shortAbandon}: {@code VAXEL_SHORT_ABANDON_SECONDS}; {@code retention}: the cases' (a deleted day is not counted). */
    public HistoryModule(Vertx vertx, Clock clock, ContactCentre centre, Duration shortAbandon, RetentionSettings retention) {
        this.vertx = vertx;
        this.clock = clock;
        this.centre = centre;
        this.shortAbandon = shortAbandon;
        this.retention = retention;
    }

    public void mount(Router router, Handler<RoutingContext> watchers) {
        new HistoryApi(vertx, () -> history, queue -> centre.service(queue).map(Service::name).orElse(queue)).mount(router, watchers);
    }

    /** Once the register's member runs: the figures can be read, and the finished days are kept from now on. */
    public void start(CaseRegister register, Database database) {
        this.database = database;
        DayCounter counter = new DayCounter(database, centre, shortAbandon);
        QueueDayStore store = new QueueDayStore(database);
        keeper = new DayKeeper(register, counter, store, retention, clock);
        keeper.start(Duration.ZERO, EVERY);
        history = new History(counter, store, clock);
    }

    /**
     * Today's counts per queue of the calls that arrived before {@code startedAt} (off the event loop): what a
     * switchboard starting in the day adds to the counts its events make, so that today survives a restart.
     */
    public io.vertx.core.Future<java.util.Map<String, se.vaxel.metrics.QueueCounts>> todayBefore(java.time.Instant startedAt) {
        DayCounter counter = new DayCounter(database, centre, shortAbandon);
        return vertx.executeBlocking(() -> {
            java.util.Map<String, se.vaxel.metrics.QueueCounts> out = new java.util.TreeMap<>();
            counter.count(counter.dayOf(startedAt), startedAt).queues().forEach(q -> out.put(q.queue(), q.counts()));
            return out;
        });
    }

    /** Null until the register runs. */
    public DayKeeper keeper() {
        return keeper;
    }

    @Override
    public void close() {
        if (keeper != null) {
            keeper.close();
        }
    }
}
