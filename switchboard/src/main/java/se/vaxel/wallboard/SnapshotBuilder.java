package se.vaxel.wallboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Supplier;
import se.vaxel.calls.QueueView;
import se.vaxel.metrics.QueueCounts;
import se.vaxel.metrics.QueueTally;
import se.vaxel.routing.Agent;
import se.vaxel.routing.AgentStateChanged;
import se.vaxel.routing.AgentStatus;
import se.vaxel.routing.ContactCentre;
import se.vaxel.routing.Service;

/**
 * Builds the wallboard's picture from the live state (the queues now, the agents) and today's counts, with what it
 * keeps itself from the same events: arrivals of the last 15 minutes (staffing advice), today's waits (90th
 * percentile), the agents' time today (occupancy) and the day's series (charts). Reads and keeps state owned by the
 * switchboard's event loop, so it runs there and only there.
 */
final class SnapshotBuilder implements QueueTally.Listener {

    /** The handle time Erlang C starts from before a queue's first answered call today (metrics README). */
    static final double ASSUMED_AHT_SECONDS = 180;

    private final ContactCentre centre;
    private final boolean applyOpeningHours;
    private final Supplier<Map<String, QueueCounts>> today;
    private final ArrivalWindow arrivals = new ArrivalWindow();
    private final TodaysWaits waits;
    private final Occupancy occupancy;
    private final DaySeries series;

    /**
     * @param applyOpeningHours false when routing ignores the services' hours (the demo): every queue is open then
     * @param today             today's counts per queue ({@link QueueTally#today()})
     */
    SnapshotBuilder(ContactCentre centre, boolean applyOpeningHours, Supplier<Map<String, QueueCounts>> today, Instant now,
            Collection<Agent> agents) {
        this.centre = centre;
        this.applyOpeningHours = applyOpeningHours;
        this.today = today;
        this.waits = new TodaysWaits(centre.zone(), now);
        this.occupancy = new Occupancy(centre.zone(), now, agents);
        this.series = new DaySeries(centre.zone(), now);
    }

    @Override
    public void offered(String queue, Instant at) {
        arrivals.arrived(queue, at);
    }

    @Override
    public void waitOver(String queue, Duration wait, Instant at) {
        waits.waitOver(queue, wait, at);
    }

    void on(AgentStateChanged change) {
        occupancy.on(change);
    }

    WallboardMessage.Snapshot snapshot(Collection<QueueView> queues, Collection<Agent> agents, Instant now) {
        Map<String, QueueView> views = new LinkedHashMap<>();
        queues.forEach(v -> views.put(v.service(), v));
        Map<String, QueueCounts> counts = today.get();
        List<WallboardMessage.Tile> tiles = new ArrayList<>();
        List<EqualService.Queue> judged = new ArrayList<>();
        for (Service s : centre.services()) {
            WallboardMessage.Tile tile = tile(s, views.get(s.id()), counts.getOrDefault(s.id(), QueueCounts.NONE), agents, now);
            tiles.add(tile);
            judged.add(new EqualService.Queue(s.id(), tile.open(), tile.today()));
        }
        return new WallboardMessage.Snapshot(now, now.atZone(centre.zone()).toLocalDate(), centre.zone(), List.copyOf(tiles),
                centre(tiles, agents, now), EqualService.of(judged));
    }

    /** Keeps the snapshot's figures as the minute's point of the day's series; true when it was a new minute's. */
    boolean sample(WallboardMessage.Snapshot snapshot) {
        Map<String, DaySeries.Sample> byQueue = new LinkedHashMap<>();
        snapshot.queues().forEach(t -> byQueue.put(t.id(), new DaySeries.Sample(t.waiting(), orNull(t.today().serviceLevel()))));
        return series.sample(snapshot.at(), byQueue);
    }

    /** Whether a sample at {@code now} would be a new minute's (so the tick builds a snapshot for it). */
    boolean sampleDue(Instant now) {
        return series.due(now);
    }

    WallboardMessage.Series series() {
        Map<String, List<DaySeries.Point>> points = new LinkedHashMap<>();
        centre.services().forEach(s -> points.put(s.id(), series.of(s.id())));
        return new WallboardMessage.Series(series.dayStart(), series.dayMinutes(), centre.zone(), points);
    }

    private WallboardMessage.Tile tile(Service s, QueueView view, QueueCounts counts, Collection<Agent> agents, Instant now) {
        Map<AgentStatus, Integer> byState = new EnumMap<>(AgentStatus.class);
        List<WallboardMessage.AgentLine> list = new ArrayList<>();
        int has = 0;
        for (Agent a : agents) {
            if (s.skill() == null || a.profile().skills().containsKey(s.skill())) {
                byState.merge(a.status(), 1, Integer::sum);
                list.add(line(a, now));
                has += serves(a) ? 1 : 0;
            }
        }
        // at work first (available, ringing, on call, wrap-up, paused), the logged-out last; by name within a state
        list.sort(Comparator.comparing((WallboardMessage.AgentLine l) -> l.state() == AgentStatus.LOGGED_OUT)
                .thenComparing(WallboardMessage.AgentLine::state).thenComparing(WallboardMessage.AgentLine::name));
        OptionalInt p90 = waits.p90(s.id(), now);
        return new WallboardMessage.Tile(s.id(), s.name(), !applyOpeningHours || s.hours() == null || s.hours().isOpen(now),
                view == null ? 0 : view.waiting(), view == null ? 0 : view.longestWait().toMillis() / 1000.0, s.target().share(),
                s.target().within().toMillis() / 1000.0, counts, p90.isPresent() ? p90.getAsInt() : null, byState, List.copyOf(list),
                staffing(s, counts, has, now));
    }

    /** Erlang C's advice, exactly as the metrics README defines it. */
    private WallboardMessage.Staffing staffing(Service s, QueueCounts counts, int has, Instant now) {
        int arrived = arrivals.count(s.id(), now);
        OptionalDouble todays = counts.averageHandleTime();
        boolean assumed = todays.isEmpty() || !(todays.getAsDouble() > 0);
        double aht = assumed ? ASSUMED_AHT_SECONDS : todays.getAsDouble();
        double erlangs = arrived / (double) ArrivalWindow.WINDOW.toSeconds() * aht;
        OptionalInt needed = ErlangC.agentsNeeded(erlangs, aht, s.target().share(), s.target().within().toMillis() / 1000.0);
        return new WallboardMessage.Staffing(arrived, erlangs, aht, assumed, needed.isPresent() ? needed.getAsInt() : null, has);
    }

    private WallboardMessage.Centre centre(List<WallboardMessage.Tile> tiles, Collection<Agent> agents, Instant now) {
        int waiting = 0;
        double longest = 0;
        int needed = 0;
        QueueCounts all = QueueCounts.NONE;
        for (WallboardMessage.Tile t : tiles) {
            waiting += t.waiting();
            longest = Math.max(longest, t.longestWaitSeconds());
            all = all.plus(t.today());
            needed += t.staffing().needed() == null ? 0 : t.staffing().needed();
        }
        Map<AgentStatus, Integer> byState = new EnumMap<>(AgentStatus.class);
        int has = 0;
        for (Agent a : agents) {
            byState.merge(a.status(), 1, Integer::sum);
            has += serves(a) ? 1 : 0;
        }
        return new WallboardMessage.Centre(waiting, longest, all, byState, orNull(occupancy.today(agents, now)), needed, has);
    }

    private static WallboardMessage.AgentLine line(Agent a, Instant now) {
        long seconds = Math.max(0, Duration.between(a.since(), now).toSeconds());
        return new WallboardMessage.AgentLine(a.profile().id(), a.profile().name(), a.status(), a.pauseReason(), a.since(), seconds);
    }

    /** Logged in and not paused: serving the queues of their skills. */
    private static boolean serves(Agent a) {
        return a.status() != AgentStatus.LOGGED_OUT && a.status() != AgentStatus.PAUSED;
    }

    private static Double orNull(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }
}
