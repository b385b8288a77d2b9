package se.vaxel.ami;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * Actions sent and not yet answered, keyed by ActionID. Bounded, so a PBX that stops answering cannot grow
 * it without end, and failed all at once when the link drops, so no caller waits for an answer that will
 * never come. Used on the connection's event loop only.
 */
final class PendingActions {

    private final int capacity;
    private final Map<String, Pending> byId = new HashMap<>();
    /** Pending list actions whose items are still streaming; while none, an event can belong to no action. */
    private int openLists;

    PendingActions(int capacity) {
        this.capacity = capacity;
    }

    static final class Pending {
        final String actionName;
        final CompletableFuture<AmiResponse> future;
        AmiMessage response;
        List<AmiMessage> items;
        ScheduledFuture<?> timeout;

        Pending(String actionName, CompletableFuture<AmiResponse> future) {
            this.actionName = actionName;
            this.future = future;
        }
    }

    boolean isFull() {
        return byId.size() >= capacity;
    }

    int size() {
        return byId.size();
    }

    void add(String actionId, Pending p) {
        byId.put(actionId, p);
    }

    Pending get(String actionId) {
        return actionId == null ? null : byId.get(actionId);
    }

    /** A response or list item arrived for this action; returns true when the message belonged to one. */
    boolean accept(AmiMessage msg) {
        if (openLists == 0 && !msg.isResponse()) {
            return false; // the hot path: a live event, and no list is streaming
        }
        Pending p = get(msg.actionId());
        if (p == null) {
            return false;
        }
        if (msg.isResponse() && p.response == null) {
            p.response = msg;
            if ("start".equalsIgnoreCase(msg.get("EventList"))) {
                p.items = new ArrayList<>();
                openLists++;
                return true;
            }
            complete(msg.actionId(), p, null);
            return true;
        }
        if (p.items != null && msg.isEvent()) {
            if ("Complete".equalsIgnoreCase(msg.get("EventList"))) {
                complete(msg.actionId(), p, msg);
            } else {
                p.items.add(msg);
            }
            return true;
        }
        return false;
    }

    private void complete(String actionId, Pending p, AmiMessage completeEvent) {
        byId.remove(actionId);
        if (p.items != null) {
            openLists--;
        }
        if (p.timeout != null) {
            p.timeout.cancel(false);
        }
        p.future.complete(new AmiResponse(p.response, p.items == null ? List.of() : List.copyOf(p.items), completeEvent));
    }

    void fail(String actionId, AmiException cause) {
        Pending p = byId.remove(actionId);
        if (p != null) {
            if (p.items != null) {
                openLists--;
            }
            if (p.timeout != null) {
                p.timeout.cancel(false);
            }
            p.future.completeExceptionally(cause);
        }
    }

    void failAll(AmiException cause) {
        List<Pending> all = new ArrayList<>(byId.values());
        byId.clear();
        openLists = 0;
        for (Pending p : all) {
            if (p.timeout != null) {
                p.timeout.cancel(false);
            }
            p.future.completeExceptionally(cause);
        }
    }
}
