package se.vaxel.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import se.vaxel.ami.AmiLink;
import se.vaxel.audit.AuditLog;
import se.vaxel.callbacks.Callback;
import se.vaxel.callbacks.CallbackBook;
import se.vaxel.calls.LiveCalls;
import se.vaxel.routing.ContactCentre;
import se.vaxel.routing.Service;
import java.time.Clock;
import java.time.Duration;

/**
 * The switchboard's meters, served at {@code /metrics} in Prometheus' text format. Gauges read values the
 * owners publish (volatile fields or counters updated on their own thread), so a scrape takes no lock.
 */
public final class SwitchboardMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private QueueGauges gauges;
    private AgentTime agentTime;
    private Runnable refresh = () -> { };
    /** Listen to the JVM's GC notifications until closed. */
    private final io.micrometer.core.instrument.binder.jvm.JvmGcMetrics gc = new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics();
    private final io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics heapPressure =
            new io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics();

    public SwitchboardMetrics() {
        // The JVM's own (heap, GC pauses, threads, CPU, uptime): what an operator looks at first when a node is slow.
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry); // its pause timer appears with the first collection
        heapPressure.bindTo(registry); // the share of time in GC, served from the start
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
    }

    /** Stops listening to the JVM (a switchboard undeployed in a JVM that goes on, as in tests). */
    public void close() {
        gc.close();
        heapPressure.close();
        registry.close();
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void bind(AmiLink link, LiveCalls live) {
        Gauge.builder("vaxel_ami_connected", link, l -> l.isUp() ? 1 : 0)
                .description("1 while the AMI link to Asterisk is logged in and resynced, else 0").register(registry);
        FunctionCounter.builder("vaxel_ami_events_received", link, AmiLink::eventsReceived)
                .description("AMI events received since start").register(registry);
        FunctionCounter.builder("vaxel_ami_resyncs", link, AmiLink::resyncs)
                .description("Resyncs of live state from Asterisk (one per (re)connect)").register(registry);
        Gauge.builder("vaxel_calls_live", live, LiveCalls::size)
                .description("Calls in progress").register(registry);
        FunctionCounter.builder("vaxel_calls_arrived", live, l -> l.counters().arrived())
                .description("Calls that reached the PBX, before any service is chosen").register(registry);
        FunctionCounter.builder("vaxel_calls_ended_in_ivr", live, l -> l.counters().endedInIvr())
                .description("Calls hung up in the IVR before a service was chosen").register(registry);
    }

    /**
     * The service queues' meters (README.md): counted by the returned tally from the domain events; the gauges of
     * now are read from the live state each time {@code refresh} runs, which the scrape does first.
     *
     * @param shortAbandon a citizen who hangs up within this is a misdial, not a citizen the service failed
     */
    public QueueTally bindQueues(ContactCentre centre, Duration shortAbandon, Clock clock, Runnable refresh) {
        return bindQueues(centre, shortAbandon, clock, refresh, true);
    }

    /** The same; {@code counting} false only to measure what counting costs (the ingest benchmark). */
    public QueueTally bindQueues(ContactCentre centre, Duration shortAbandon, Clock clock, Runnable refresh, boolean counting) {
        java.util.function.Function<String, Duration> targetOf = q -> centre.service(q).map(s -> s.target().within())
                .orElse(Service.ServiceLevel.DEFAULT.within());
        QueueMeters meters = new QueueMeters(registry, targetOf);
        // A quiet queue shows zeros, not nothing: increase() over a series that appears at its first count misses that count.
        centre.services().forEach(s -> {
            meters.of(s.id());
            se.vaxel.cases.CaseChange.RESOLUTIONS.forEach(resolution -> meters.resolved(s.id(), resolution));
        });
        gauges = new QueueGauges(registry, centre.services());
        agentTime = new AgentTime(registry, clock);
        this.refresh = refresh;
        return new QueueTally(meters, targetOf, shortAbandon, centre.zone(), clock, counting);
    }

    /** Reads the queues now: on the event loop that owns the live state (the scrape's, the wallboard's). */
    public void refresh(java.util.Collection<se.vaxel.calls.QueueView> queues, java.util.Collection<se.vaxel.routing.Agent> agents,
            java.time.Instant at) {
        if (gauges != null) {
            gauges.refresh(queues, agents, at);
        }
    }

    /** Every change of an agent's state, for the time in each state (occupancy). */
    public void on(se.vaxel.routing.AgentStateChanged change) {
        if (agentTime != null) {
            agentTime.on(change);
        }
    }

    /** The back office: per department its matters not closed and overdue; the webhook's backlog when there is one. */
    public void bind(se.vaxel.backoffice.BackOffice office, se.vaxel.backoffice.BackOfficeFigures figures,
            se.vaxel.backoffice.WebhookExports exports) {
        for (String department : office.departments().keySet()) {
            Gauge.builder("vaxel_matters_open", figures, f -> f.open(department)).tag("department", department)
                    .description("Matters transferred to the department and not yet closed (cluster-wide)").register(registry);
            Gauge.builder("vaxel_matters_overdue", figures, f -> f.overdue(department)).tag("department", department)
                    .description("Matters not closed whose feedback deadline has passed (cluster-wide)").register(registry);
        }
        // Served without a webhook too (as 0), so the alert on them is valid wherever it is deployed.
        Gauge.builder("vaxel_matter_exports_pending", () -> exports == null ? 0 : exports.pending())
                .description("Matter exports the external case-management system has not yet acknowledged").register(registry);
        Gauge.builder("vaxel_matter_exports_oldest_seconds", () -> exports == null ? 0 : exports.oldestPendingSeconds())
                .description("Age of the oldest unacknowledged matter export").register(registry);
    }

    public void bind(CallbackBook callbacks) {
        Gauge.builder("vaxel_callbacks_waiting", callbacks, b -> b.count(Callback.Status.WAITING))
                .description("Callbacks waiting for their turn or their next attempt").register(registry);
        Gauge.builder("vaxel_callbacks_calling", callbacks, b -> b.count(Callback.Status.CALLING))
                .description("Callbacks being made now").register(registry);
        Gauge.builder("vaxel_callbacks_unsaved", callbacks, CallbackBook::unsavedCount)
                .description("Callback changes not yet written to the database (it is slow or away)").register(registry);
    }

    /** The case register's write-behind to the database, on this member. */
    public void bind(se.vaxel.cases.CaseRegister register, se.vaxel.db.JdbcMapStore<?> store) {
        Gauge.builder("vaxel_cases_unsaved", register, se.vaxel.cases.CaseRegister::unsaved)
                .description("Case changes on this member not yet written to the database (write-behind backlog)").register(registry);
        FunctionCounter.builder("vaxel_cases_store_failures", store, se.vaxel.db.JdbcMapStore::failures)
                .description("Failed writes of cases to the database (each retried)").register(registry);
    }

    /** Retention of closed cases on this member (it runs on the cluster's oldest member only). */
    public void bind(se.vaxel.cases.CaseRetention retention) {
        FunctionCounter.builder("vaxel_cases_retention_runs", retention, r -> r.runs())
                .description("Retention runs on this member since start (only the cluster's oldest member runs it)").register(registry);
        FunctionCounter.builder("vaxel_cases_anonymised", retention, r -> r.anonymised())
                .description("Closed cases this member anonymised since start").register(registry);
        FunctionCounter.builder("vaxel_cases_deleted", retention, r -> r.deleted())
                .description("Closed cases this member deleted since start").register(registry);
        Gauge.builder("vaxel_cases_retention_last_run_seconds", retention, r -> r.last() == null ? Double.NaN
                        : r.last().at().toEpochMilli() / 1000.0)
                .description("When the last retention run on this member started (Unix time)").register(registry);
    }

    /** The audit log of case access: counters and a queue length the log keeps in atomics, read without a lock. */
    public void bind(AuditLog audit) {
        Gauge.builder("vaxel_audit_queued", audit, AuditLog::queued)
                .description("Audit entries of case access waiting to be written to the database").register(registry);
        FunctionCounter.builder("vaxel_audit_written", audit, AuditLog::written)
                .description("Audit entries of case access written to the database since start").register(registry);
        FunctionCounter.builder("vaxel_audit_dropped", audit, AuditLog::dropped)
                .description("Audit entries of case access lost because the queue was full (the database away too long)")
                .register(registry);
    }

    public void mount(Router router) {
        router.get("/metrics").handler(ctx -> {
            refresh.run();
            ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape());
        });
    }
}
