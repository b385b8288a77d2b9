package se.vaxel;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.cases.CaseRegister;
import se.vaxel.cluster.OwnershipEvent;
import se.vaxel.cluster.PbxOwnership;
import se.vaxel.routing.AgentPresence;

/**
 * This node's turns at owning its PBX in a cluster. When the lease is granted it carries on from the previous owner's
 * picture (the agents' presence, kept in the cluster as it changes) and the switchboard connects to Asterisk, whose
 * resync brings in the calls and the waiting citizens with their places; every action it sends is fenced by the
 * lease's token. When the lease ends the switchboard stands its link by at once and drops its picture, so nothing here
 * acts, or counts, beside the next owner. It also tells where the owner's HTTP API is, for the nodes that forward
 * desks and live views to it. The switchboard's side runs on its context.
 */
final class PbxTurns implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PbxTurns.class);
    /** PBX → "token address" of the owner's HTTP API, written by each new owner. */
    static final String OWNER_ADDRESSES = "pbx-owner-addresses";
    /** Per PBX: agent id → {@link AgentPresence} as JSON, written by the owner on every change. */
    static final String PRESENCE_PREFIX = "agent-presence.";

    /** What the switchboard does at the start and end of a turn, on its context. */
    interface Switchboard {
        /**
         * Took over (turn {@code token}): carry on from these agents' presence, then connect (the link's fence is
         * already this turn's). What completes later checks {@link PbxTurns#isTurn} first: the turn may be over.
         */
        void takeOver(long token, Collection<AgentPresence> agents);

        /** The turn ended: stand the link by, forget the calls, citizens, agents and desks this node had. */
        void handOver(String why);

        /** The turn ended, said on the ownership's own thread, before the hop to the context: stop sending at once. */
        void stopSending(String why);
    }

    private final Context context;
    private final String pbx;
    private final PbxOwnership ownership;
    private final Switchboard switchboard;
    private final IMap<String, String> addresses;
    private final IMap<String, String> presence;
    private final String ownAddress;
    private final UUID addressListener;
    /** This turn's token; 0 while not owning. Read by the fence on the AMI client's thread. */
    private volatile long term;
    /** Where the owner's HTTP API is, as the map said last: null when nobody has said. */
    private volatile String ownerAddress;
    private long grantedNanos;
    private boolean firstDecision;

    PbxTurns(Context context, CaseRegister register, String pbx, se.vaxel.cluster.OwnershipSettings settings,
            String ownAddress, Switchboard switchboard) {
        this.context = context;
        this.pbx = pbx;
        this.switchboard = switchboard;
        this.ownAddress = ownAddress;
        this.addresses = register.hazelcast().getMap(OWNER_ADDRESSES);
        this.presence = register.hazelcast().getMap(PRESENCE_PREFIX + pbx);
        this.ownership = new PbxOwnership(register.hazelcast(), settings, List.of(pbx));
        this.addressListener = addresses.addEntryListener(new AddressListener(), pbx, true);
        addresses.getAsync(pbx).thenAccept(v -> {
            if (ownerAddress == null && v != null) {
                ownerAddress = addressOf(v);
            }
        });
        ownership.listen(e -> {
            if (e instanceof OwnershipEvent.Lost lost) {
                switchboard.stopSending("this node's turn at the PBX ended (" + lost.why() + ")");
            }
            context.runOnContext(v -> on(e));
        });
    }

    /** Starts contending for the PBX; never blocks. */
    void start() {
        ownership.start();
        log.info("PBX {}: contending for it with the cluster's other nodes; this node's API at {}", pbx, ownAddress);
    }

    /** The AMI link's fence: true while this node's turn's lease holds. Any thread, never blocks. */
    boolean mayAct() {
        long t = term;
        return t != 0 && ownership.fence(pbx, t);
    }

    /** Whether turn {@code token} is still this node's, and its lease holds. */
    boolean isTurn(long token) {
        return term == token && mayAct();
    }

    /** Whether this node routes the PBX now. */
    boolean owns() {
        return mayAct();
    }

    /** The owner's HTTP API ("host:port"), when another node owns the PBX and has said where. */
    Optional<String> ownerAddress() {
        String a = ownerAddress;
        return owns() || a == null || a.equals(ownAddress) ? Optional.empty() : Optional.of(a);
    }

    /** An agent's state changed here: kept in the cluster while this node owns the PBX, for the next owner. */
    void agentChanged(AgentPresence p) {
        long t = term;
        if (t != 0 && owns()) {
            presence.submitToKey(p.agentId(), new PresenceWrite(p.json().put("turn", t).encode(), t));
        }
    }

    /**
     * Sets an agent's presence unless the entry was written in a later turn: a write of an old owner's that Hazelcast
     * delivers late (retried across a split, say) cannot undo what the next owner wrote.
     */
    record PresenceWrite(String json, long turn) implements com.hazelcast.map.EntryProcessor<String, String, Boolean> {
        @Override
        public Boolean process(java.util.Map.Entry<String, String> entry) {
            String now = entry.getValue();
            if (now != null && turnOf(now) > turn) {
                return false;
            }
            entry.setValue(json);
            return true;
        }

        private static long turnOf(String json) {
            try {
                Long t = new io.vertx.core.json.JsonObject(json).getLong("turn");
                return t == null ? 0 : t;
            } catch (RuntimeException e) {
                return 0; // unreadable: any turn may replace it
            }
        }
    }

    /** Routing put a call through: the first of a turn says how long the takeover took. */
    void routed() {
        if (firstDecision) {
            firstDecision = false;
            log.info("PBX {}: first call routed {} ms after the lease was granted", pbx, (System.nanoTime() - grantedNanos) / 1_000_000);
        }
    }

    private void on(OwnershipEvent e) {
        if (e instanceof OwnershipEvent.Acquired a) {
            grantedNanos = System.nanoTime();
            term = a.token();
            firstDecision = true;
            addresses.setAsync(pbx, a.token() + " " + ownAddress);
            log.info("PBX {}: this node owns it now (token {}); carrying on from the agents' presence", pbx, a.token());
            readPresence().onComplete(r -> {
                if (term != a.token()) {
                    return; // lost again meanwhile
                }
                if (r.failed()) {
                    log.warn("PBX {}: the agents' presence could not be read ({}); they start as at a first start", pbx,
                            r.cause().toString());
                }
                switchboard.takeOver(a.token(), r.succeeded() ? r.result() : List.of());
            });
        } else if (e instanceof OwnershipEvent.Lost lost) {
            if (term == 0) {
                return;
            }
            term = 0;
            log.warn("PBX {}: this node no longer owns it ({}); standing by", pbx, lost.why());
            switchboard.handOver("another node owns the PBX now (" + lost.why() + ")");
        }
    }

    /** The agents' presence as the previous owner left it: a few hundred small entries, read off the event loop. */
    private Future<Collection<AgentPresence>> readPresence() {
        return context.owner().executeBlocking(() -> parse(presence.values()));
    }

    /** Blocking: gives the PBX up at once (the next owner takes over in milliseconds), and stops listening. */
    @Override
    public void close() {
        ownership.close();
        try {
            addresses.removeEntryListener(addressListener);
        } catch (RuntimeException e) {
            log.debug("PBX {}: address listener not removed: {}", pbx, e.toString());
        }
    }

    private static String addressOf(String value) {
        int space = value.indexOf(' ');
        return space < 0 ? value : value.substring(space + 1);
    }

    private final class AddressListener implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
            EntryRemovedListener<String, String> {
        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            ownerAddress = addressOf(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            ownerAddress = addressOf(event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            ownerAddress = null;
        }
    }

    static List<AgentPresence> parse(Collection<String> values) {
        List<AgentPresence> out = new ArrayList<>();
        for (String v : values) {
            try {
                out.add(AgentPresence.fromJson(v));
            } catch (IllegalArgumentException e) {
                log.warn("An agent's presence in the cluster could not be read, skipped: {}", e.getMessage());
            }
        }
        return out;
    }
}
