package se.vaxel.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.beans.PropertyChangeEvent;
import java.lang.reflect.Field;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.asteriskjava.live.AbstractAsteriskServerListener;
import org.asteriskjava.live.AsteriskChannel;
import org.asteriskjava.live.ChannelState;
import org.asteriskjava.live.DefaultAsteriskServer;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerEventListener;
import org.asteriskjava.manager.ManagerEventListenerProxy;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.slf4j.LoggerFactory;

/** Asterisk-Java 3.42.2 following the same stream: its plain ManagerConnection, and its live API. */
final class Peers {

    private Peers() {
    }

    /** What one peer run saw. {@code events} counts stream events (as sent), whether or not the peer knew their type. */
    record Run(long events, long bytes, long nanos, long delivered, long dropped, boolean complete, String note) {}

    /**
     * Counts every event Asterisk-Java hands to listeners; completes when the sentinel's Hangup arrives. Called on
     * Asterisk-Java's single event pump thread.
     */
    static final class CountingListener implements ManagerEventListener {
        private final String sentinel;
        final CompletableFuture<Long> sentinelSeen = new CompletableFuture<>();
        private volatile long count;

        CountingListener(String sentinel) {
            this.sentinel = sentinel;
        }

        @Override
        public void onManagerEvent(ManagerEvent event) {
            count++; // one writer thread
            if (event instanceof HangupEvent h && sentinel.equals(h.getUniqueId())) {
                sentinelSeen.complete(System.nanoTime());
            }
        }

        long count() {
            return count;
        }
    }

    /**
     * Takes Asterisk-Java's log off the console while it runs (it logs a WARN or ERROR per ignored event in this
     * set-up) and counts it, and in particular its "queue is full" drops, which it logs one ERROR each.
     */
    static final class DropCounter extends AppenderBase<ILoggingEvent> {
        final AtomicLong drops = new AtomicLong();
        final AtomicLong warnings = new AtomicLong();
        private final Logger ajLogger = (Logger) LoggerFactory.getLogger("org.asteriskjava");

        DropCounter() {
            start();
            ajLogger.addAppender(this);
            ajLogger.setAdditive(false);
        }

        @Override
        protected void append(ILoggingEvent e) {
            if (!e.getLevel().isGreaterOrEqual(Level.WARN)) {
                return;
            }
            warnings.incrementAndGet();
            if (e.getLevel() == Level.ERROR && String.valueOf(e.getMessage()).contains("queue is full")) {
                drops.incrementAndGet();
            }
        }

        void detach() {
            ajLogger.detachAppender(this);
            ajLogger.setAdditive(true);
        }
    }

    static Run managerConnection(BenchStream stream, String secret, long timeoutSeconds) throws Exception {
        DropCounter drops = new DropCounter();
        try (BenchAmiServer server = new BenchAmiServer(secret)) {
            ManagerConnection connection = new ManagerConnectionFactory("127.0.0.1", server.port(), BenchAmiServer.USER, secret)
                    .createManagerConnection();
            CountingListener counter = new CountingListener(stream.sentinelUniqueid);
            connection.addEventListener(counter);
            connection.login();
            try {
                BenchAmiServer.Session session = server.firstSession().get(10, TimeUnit.SECONDS);
                long baseline = counter.count();
                CompletableFuture<Long> first = new CompletableFuture<>();
                CompletableFuture<Long> written = new CompletableFuture<>();
                session.stream(stream.chunks(), first, written);
                long t1;
                boolean complete = true;
                try {
                    t1 = counter.sentinelSeen.get(timeoutSeconds, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    t1 = System.nanoTime();
                    complete = false;
                }
                long t0 = first.get();
                long delivered = counter.count() - baseline;
                return new Run(complete ? stream.events : -1, stream.bytes, t1 - t0, delivered, drops.drops.get(), complete,
                        "listener got " + delivered + " events; it logged " + drops.warnings.get() + " WARN/ERROR lines");
            } finally {
                connection.logoff();
            }
        } finally {
            drops.detach();
        }
    }

    /**
     * The live API on the same stream. It is bounded by time: it waits ~50 ms on every new channel. When it does
     * not finish in time, the events it has applied are estimated as those handed to it minus those still queued
     * for its event thread, scaled from events it knows to stream events by {@code knownPerStreamEvent}.
     */
    static Run liveApi(BenchStream stream, String secret, long boundSeconds, double knownPerStreamEvent) throws Exception {
        DropCounter drops = new DropCounter();
        try (BenchAmiServer server = new BenchAmiServer(secret)) {
            ManagerConnection connection = new ManagerConnectionFactory("127.0.0.1", server.port(), BenchAmiServer.USER, secret)
                    .createManagerConnection();
            DefaultAsteriskServer asterisk = new DefaultAsteriskServer(connection);
            asterisk.initialize(); // logs in; Status, Agents, QueueStatus
            try {
                // Added after the live API's own listener: the pump calls them in order, so this counts what was handed on.
                CountingListener handed = new CountingListener(stream.sentinelUniqueid);
                connection.addEventListener(handed);
                CompletableFuture<Long> applied = new CompletableFuture<>();
                asterisk.addAsteriskServerListener(new AbstractAsteriskServerListener() {
                    @Override
                    public void onNewAsteriskChannel(AsteriskChannel channel) {
                        if (stream.sentinelUniqueid.equals(channel.getId())) {
                            channel.addPropertyChangeListener(AsteriskChannel.PROPERTY_STATE, (PropertyChangeEvent e) -> {
                                if (e.getNewValue() == ChannelState.HUNGUP) {
                                    applied.complete(System.nanoTime());
                                }
                            });
                        }
                    }

                    @Override
                    public void onNewQueueEntry(org.asteriskjava.live.AsteriskQueueEntry entry) {
                    }

                    @Override
                    public void onNewAgent(org.asteriskjava.live.AsteriskAgent agent) {
                    }
                });
                BenchAmiServer.Session session = server.firstSession().get(10, TimeUnit.SECONDS);
                CompletableFuture<Long> first = new CompletableFuture<>();
                CompletableFuture<Long> written = new CompletableFuture<>();
                long actionsBefore = server.actionsAnswered.get();
                session.stream(stream.chunks(), first, written);
                long t1;
                long events;
                boolean complete = true;
                String note;
                try {
                    t1 = applied.get(boundSeconds, TimeUnit.SECONDS);
                    events = stream.events;
                    note = "applied the whole stream";
                } catch (TimeoutException e) {
                    t1 = System.nanoTime();
                    complete = false;
                    long backlog = proxyBacklog(asterisk);
                    long appliedKnown = handed.count() - Math.max(0, backlog);
                    events = Math.round(appliedKnown / knownPerStreamEvent);
                    note = String.format("bounded at %d s: applied ~%d of the %d events it was handed (%d still queued)",
                            boundSeconds, appliedKnown, handed.count(), backlog);
                }
                long t0 = first.get();
                long actions = server.actionsAnswered.get() - actionsBefore;
                return new Run(events, Math.round((double) stream.bytes * events / stream.events), t1 - t0, handed.count(),
                        drops.drops.get(), complete, note + "; it sent " + actions + " actions (Getvar per new channel) and logged " + drops.warnings.get()
                        + " WARN/ERROR lines");
            } finally {
                asterisk.shutdown();
            }
        } finally {
            drops.detach();
        }
    }

    /** Events waiting for the live API's own event thread (its ManagerEventListenerProxy's queue). */
    private static long proxyBacklog(DefaultAsteriskServer asterisk) {
        try {
            Field implField = DefaultAsteriskServer.class.getDeclaredField("impl");
            implField.setAccessible(true);
            Object impl = implField.get(asterisk);
            Field proxyField = impl.getClass().getDeclaredField("managerEventListenerProxy");
            proxyField.setAccessible(true);
            ManagerEventListenerProxy proxy = (ManagerEventListenerProxy) proxyField.get(impl);
            return ManagerEventListenerProxy.Access.getThreadQueueSize(proxy);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }
}
