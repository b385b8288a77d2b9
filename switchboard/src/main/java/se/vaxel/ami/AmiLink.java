package se.vaxel.ami;

import io.vertx.core.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.ami.protocol.AmiBanner;
import se.vaxel.ami.protocol.AmiMessage;
import se.vaxel.callbacks.Callback;
import se.vaxel.callbacks.CallbackDialler;
import se.vaxel.callbacks.CallbackPolicy;
import se.vaxel.calls.CallToCitizen;
import se.vaxel.calls.CallEvent;
import se.vaxel.calls.CallSnapshot;
import se.vaxel.calls.LinkEvent;
import se.vaxel.calls.MemberEvent;

/**
 * Växel's link to one Asterisk: the {@link AmiClient} below, the {@link AmiEventTranslator} above, and the
 * resync in between.
 *
 * <p>Events leave the client's I/O thread at once, a batch per socket read, and are translated on the
 * owner's Vert.x context, the same one that owns the live state. After every (re)connect the link asks
 * Asterisk what is live (CoreShowChannels, QueueStatus, Getvar of the service where the lists do not say it)
 * and hands that picture on before any event that came meanwhile, so calls in progress are neither lost nor
 * duplicated.
 */
public final class AmiLink implements AutoCloseable, AmiClient.Listener {

    private static final Logger log = LoggerFactory.getLogger(AmiLink.class);

    private final Context context;
    private final AmiClient client;
    private final AmiEventTranslator translator;
    private final Consumer<LinkEvent> linkEvents;
    private final Clock clock;
    private final DialplanContract contract;
    private final Originates originates;
    private final Consumer<MemberEvent> memberEvents;

    // Owned by the context:
    private boolean resyncing;
    /** Standing by: events still on their way from the last connection are dropped (the next owner has them). */
    private boolean standing;
    private List<AmiMessage> heldBack = new ArrayList<>();
    private volatile boolean up;
    private volatile Instant since;
    private volatile long eventsReceived;
    private volatile long resyncs;
    private long failedEvents;
    private long batchReceivedNanos;

    public AmiLink(Context context, AmiClientConfig config, DialplanContract contract, Consumer<CallEvent> callEvents,
            Consumer<LinkEvent> linkEvents, Clock clock) {
        this(context, config, contract, callEvents, member -> { }, linkEvents, clock);
    }

    public AmiLink(Context context, AmiClientConfig config, DialplanContract contract, Consumer<CallEvent> callEvents,
            Consumer<MemberEvent> memberEvents, Consumer<LinkEvent> linkEvents, Clock clock) {
        this.context = context;
        this.memberEvents = memberEvents;
        this.clock = clock;
        this.linkEvents = linkEvents;
        this.contract = contract;
        this.translator = new AmiEventTranslator(contract, callEvents, memberEvents, clock);
        this.client = new AmiClient(config, this);
        this.originates = new Originates(context, this::send, contract.callbacks().context());
        this.since = clock.instant();
    }

    public void start() {
        standing = false;
        client.start();
    }

    public AmiClient client() {
        return client;
    }

    public boolean isUp() {
        return up;
    }

    public Instant since() {
        return since;
    }

    public String lastError() {
        return client.lastError();
    }

    public long eventsReceived() {
        return eventsReceived;
    }

    /** Every action, the login included, is sent only while {@code mayAct} says so (the PBX ownership's fence). */
    public void fence(java.util.function.BooleanSupplier mayAct) {
        client.fence(mayAct);
    }

    /** Disconnects until {@link #start()} again: another node owns the PBX now. A link that was up goes down. */
    public void standBy(String reason) {
        standing = true;
        client.standBy(reason);
    }

    /** True while standing by (not connecting, by choice). */
    public boolean standingBy() {
        return client.state() == AmiClient.State.STANDBY;
    }

    public long resyncs() {
        return resyncs;
    }

    /**
     * Connects a citizen parked for Växel to an agent's device: Setvar of the ring timeout on the citizen's
     * channel, then Redirect into the connect context with the device's extension, as the shipped dialplan
     * expects. Fails with a reason when the call is not parked (gone, answered, in the PBX's queue) or
     * Asterisk refuses. Call on the owner's context.
     */
    public io.vertx.core.Future<Void> connect(String callId, String agentDevice, java.time.Duration ringTimeout) {
        String channel = translator.parkedChannel(callId);
        if (channel == null) {
            return io.vertx.core.Future.failedFuture("call " + callId + " is not parked for the switchboard");
        }
        String extension = agentDevice.substring(agentDevice.indexOf('/') + 1);
        AmiMessage setvar = setvar(channel, "VAXEL_RING_TIMEOUT", Long.toString(Math.max(1, ringTimeout.toSeconds())));
        AmiMessage redirect = AmiMessage.action("Redirect").add("Channel", channel).add("Context", contract.connectContext())
                .add("Exten", extension).add("Priority", "1").build();
        return send(setvar).compose(r -> r.isSuccess() ? send(redirect)
                        : io.vertx.core.Future.failedFuture("Setvar refused: " + r.message()))
                .compose(r -> r.isSuccess() ? io.vertx.core.Future.<Void>succeededFuture()
                        : io.vertx.core.Future.failedFuture("Redirect refused: " + r.message()));
    }

    /**
     * Tells a parked citizen's channel what the holding context announces: VAXEL_POSITION, VAXEL_EWT
     * (seconds) and VAXEL_EWT_MINUTES (rounded up; both empty when unknown), and VAXEL_CALLBACK_OFFER (1 while
     * a callback is to be offered). Nothing is sent for a call that is not parked; failures are only logged at
     * debug, as the next round sends again.
     */
    public void announce(String callId, int position, Long waitSeconds, boolean offerCallback) {
        String channel = translator.parkedChannel(callId);
        if (channel == null) {
            return;
        }
        String minutes = waitSeconds == null ? "" : Long.toString(Math.max(1, (waitSeconds + 59) / 60));
        for (String[] v : new String[][] {{"VAXEL_POSITION", Integer.toString(position)},
                {"VAXEL_EWT", waitSeconds == null ? "" : Long.toString(waitSeconds)}, {"VAXEL_EWT_MINUTES", minutes},
                {"VAXEL_CALLBACK_OFFER", offerCallback ? "1" : "0"}}) {
            send(setvar(channel, v[0], v[1]))
                    .onFailure(e -> log.debug("Setvar {} on a waiting channel failed: {}", v[0], e.getMessage()));
        }
    }

    /**
     * Makes a callback: Originate (async) rings the agent's device and, once answered, runs the callback
     * context, which dials the citizen from the municipality's number. The future completes with Asterisk's
     * OriginateResponse: answered, not answered, busy, or failed. Call on the owner's context.
     */
    public io.vertx.core.Future<CallbackDialler.AgentLeg> callBack(Callback callback, String agentDevice,
            java.time.Duration ringAgent, CallbackPolicy policy) {
        return callCitizen(new CallToCitizen(callback.id(), callback.number(), "Callback", policy.municipalityNumber(),
                policy.ringCitizen(), callback.service()), agentDevice, ringAgent);
    }

    /**
     * Places a call to a citizen for a staff member: Originate rings their device and, once answered, the
     * callback context dials the citizen. Completes with how the staff member's leg went; the call's end comes
     * as {@code CallEvent.CallbackDone} with the call's id. Call on the owner's context.
     */
    public io.vertx.core.Future<CallbackDialler.AgentLeg> callCitizen(CallToCitizen call, String staffDevice,
            java.time.Duration ringStaff) {
        return originates.originate(call, staffDevice, ringStaff);
    }

    /** Tells the dialplan whether a service is open now (a global variable the IVR reads). */
    public void publishOpen(String service, boolean open) {
        if (!up) {
            return; // said again after the next resync
        }
        send(setvar(null, DialplanContract.openVariable(service), open ? "1" : "0"))
                .onComplete(r -> {
                    // A refusal (Response: Error) arrives as an answer, not as a failure: both are worth a warning.
                    String why = r.failed() ? r.cause().getMessage() : r.result().isSuccess() ? null : r.result().message();
                    if (why != null) {
                        log.warn("Could not tell the dialplan that {} is {}: {}", service, open ? "open" : "closed", why);
                    }
                });
    }

    /** A Setvar of a channel's variable, or of a global one when {@code channel} is null. */
    private static AmiMessage setvar(String channel, String variable, String value) {
        return AmiMessage.action("Setvar").addIfPresent("Channel", channel).add("Variable", variable).add("Value", value).build();
    }

    /** Sends an action; the answer is delivered on the owner's context. */
    public io.vertx.core.Future<AmiResponse> send(AmiMessage action) {
        io.vertx.core.Promise<AmiResponse> promise = io.vertx.core.Promise.promise();
        client.send(action).whenComplete((r, e) -> context.runOnContext(v -> {
            if (e != null) {
                promise.fail(e);
            } else {
                promise.complete(r);
            }
        }));
        return promise.future();
    }

    // --- AmiClient.Listener: called on the client's I/O thread; only hand over.

    @Override
    public void onUp(AmiBanner banner) {
        context.runOnContext(v -> beginResync());
    }

    @Override
    public void onEvents(List<AmiMessage> events) {
        long received = System.nanoTime(); // one clock read per socket read, for measuring what follows from it
        context.runOnContext(v -> {
            batchReceivedNanos = received;
            try {
                deliver(events);
            } finally {
                batchReceivedNanos = 0;
            }
        });
    }

    /**
     * While the owner's context handles a batch of events: the {@link System#nanoTime()} at which its socket read
     * handed the batch over (0 outside a batch). What a listener does in reaction to an event (a routing decision,
     * a screen pop) can so be timed from when the event arrived on the socket; the screen-pop benchmark does.
     */
    public long batchReceivedNanos() {
        return batchReceivedNanos;
    }

    @Override
    public void onDown(String reason) {
        context.runOnContext(v -> {
            up = false;
            since = clock.instant();
            resyncing = false;
            heldBack = new ArrayList<>();
            originates.failAll("AMI link down: " + reason);
            linkEvents.accept(new LinkEvent.Down(reason, since));
        });
    }

    // --- on the owner's context

    private void deliver(List<AmiMessage> events) {
        if (standing) {
            client.consumed(events.size());
            return;
        }
        eventsReceived += events.size();
        if (resyncing) {
            heldBack.addAll(events); // briefly: a resync takes milliseconds
        } else {
            translate(events);
        }
        // Held-back events count as taken too: pausing the socket now would also hold up the resync's answers.
        client.consumed(events.size());
    }

    private void translate(List<AmiMessage> events) {
        for (AmiMessage e : events) {
            try {
                if (originates.accept(e)) {
                    continue;
                }
                translator.accept(e);
            } catch (RuntimeException ex) {
                // One event Växel cannot make sense of must not cost the rest of the batch.
                failedEvents++;
                if (failedEvents <= 10 || Long.bitCount(failedEvents) == 1) {
                    log.error("AMI event {} could not be translated ({} so far): {}", e.eventName(), failedEvents, ex.toString());
                }
            }
        }
    }

    /** What the lists said: every channel, each queue caller's seconds in queue by Uniqueid, the queue members. */
    private record LiveLists(List<AmiMessage> channels, Map<String, Integer> queueWaits, List<AmiMessage> members) {}

    private void beginResync() {
        if (standing) {
            return;
        }
        resyncing = true;
        heldBack = new ArrayList<>();
        CompletableFuture<AmiResponse> channelsF = client.send(AmiMessage.action("CoreShowChannels").build());
        CompletableFuture<AmiResponse> queuesF = client.send(AmiMessage.action("QueueStatus").build());
        channelsF.thenCombine(queuesF, (channels, queues) -> {
            Map<String, Integer> waits = new HashMap<>();
            List<AmiMessage> members = new ArrayList<>();
            for (AmiMessage q : queues.items()) {
                if ("QueueEntry".equals(q.eventName())) {
                    waits.put(q.get("Uniqueid"), parseInt(q.get("Wait")));
                } else if ("QueueMember".equals(q.eventName())) {
                    members.add(q);
                }
            }
            return new LiveLists(channels.items(), waits, members);
        }).thenCompose(lists -> factsOf(lists.channels()).thenAccept(facts ->
                context.runOnContext(v -> finishResync(lists, facts))
        )).exceptionally(e -> {
            // Without a true picture every later event is guesswork: start over on a fresh connection.
            log.warn("AMI resync failed ({}); resetting the link", e.getMessage());
            client.reset("resync failed: " + e.getMessage());
            return null;
        });
    }

    /** Getvar of the service and the queueing time on each citizen channel the lists leave unclear. */
    private CompletableFuture<Map<String, AmiEventTranslator.ChannelFacts>> factsOf(List<AmiMessage> channels) {
        Map<String, String> nameOf = new HashMap<>();
        channels.forEach(c -> nameOf.put(c.get("Uniqueid"), c.get("Channel")));
        Map<String, CompletableFuture<AmiEventTranslator.ChannelFacts>> asks = new HashMap<>();
        for (String uniqueid : translator.channelsToAsk(channels)) {
            CompletableFuture<String> service = getvar(nameOf.get(uniqueid), contract.serviceVariable());
            CompletableFuture<String> queuedAt = getvar(nameOf.get(uniqueid), DialplanContract.QUEUED_AT_VARIABLE);
            asks.put(uniqueid, service.thenCombine(queuedAt, (sv, at) -> new AmiEventTranslator.ChannelFacts(sv, epoch(at))));
        }
        return CompletableFuture.allOf(asks.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, AmiEventTranslator.ChannelFacts> out = new HashMap<>();
            asks.forEach((uniqueid, f) -> out.put(uniqueid, f.join()));
            return out;
        });
    }

    /** A channel variable's value, or null when it is unset, empty or the channel is gone. */
    private CompletableFuture<String> getvar(String channel, String variable) {
        AmiMessage action = AmiMessage.action("Getvar").add("Channel", channel).add("Variable", variable).build();
        return client.send(action).handle((r, e) -> e == null && r.isSuccess() && r.get("Value") != null
                && !r.get("Value").isEmpty() ? r.get("Value") : null);
    }

    private static Instant epoch(String seconds) {
        try {
            return seconds == null ? null : Instant.ofEpochSecond(Long.parseLong(seconds.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void finishResync(LiveLists lists, Map<String, AmiEventTranslator.ChannelFacts> facts) {
        if (standing) {
            return;
        }
        List<AmiMessage> channels = lists.channels();
        List<CallSnapshot> snapshot = translator.resync(channels, lists.queueWaits(), facts);
        resyncs++;
        up = true;
        since = clock.instant();
        linkEvents.accept(new LinkEvent.Up(client.banner() == null ? "" : client.banner().text(), since));
        java.util.Set<String> busyDevices = new java.util.HashSet<>();
        channels.forEach(ch -> busyDevices.add(ChannelNames.device(ch.get("Channel"))));
        busyDevices.remove(null);
        linkEvents.accept(new LinkEvent.Resynced(snapshot, busyDevices, since));
        // Queue members as they are now: observe mode's agents log in and pause from these.
        lists.members().forEach(m -> memberEvents.accept(AmiEventTranslator.joined(m, since)));
        log.info("AMI resync: {} live calls over {} channels", snapshot.size(), channels.size());
        resyncing = false;
        List<AmiMessage> held = heldBack;
        heldBack = new ArrayList<>();
        translate(held);
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
