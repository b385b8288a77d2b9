package se.vaxel.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.protocol.AmiMessage;

class PendingActionsTest {

    @Test
    void anOriginateResponseEventIsAnEventNotTheAnswerToTheOriginate() {
        PendingActions pending = new PendingActions(10);
        CompletableFuture<AmiResponse> originate = new CompletableFuture<>();
        pending.add("cb-1", new PendingActions.Pending("Originate", originate));

        assertTrue(pending.accept(AmiMessage.response("Success").add("ActionID", "cb-1")
                .add("Message", "Originate successfully queued").build()));
        assertEquals("Originate successfully queued", originate.join().message());

        // Asterisk's later event carries the same ActionID and a Response header: it belongs to the listeners.
        AmiMessage event = AmiMessage.event("OriginateResponse").add("Privilege", "call,all").add("ActionID", "cb-1")
                .add("Response", "Failure").add("Reason", "0").build();
        assertFalse(pending.accept(event));
    }

    @Test
    void listItemsAreCollectedUntilTheirCompleteEvent() {
        PendingActions pending = new PendingActions(10);
        CompletableFuture<AmiResponse> list = new CompletableFuture<>();
        pending.add("l-1", new PendingActions.Pending("CoreShowChannels", list));

        pending.accept(AmiMessage.response("Success").add("ActionID", "l-1").add("EventList", "start").build());
        assertFalse(pending.accept(AmiMessage.event("Newchannel").add("Uniqueid", "1.1").build()),
                "a live event in between is not an item");
        pending.accept(AmiMessage.event("CoreShowChannel").add("ActionID", "l-1").add("Channel", "PJSIP/1-00000001").build());
        assertFalse(list.isDone());
        pending.accept(AmiMessage.event("CoreShowChannelsComplete").add("ActionID", "l-1").add("EventList", "Complete")
                .add("ListItems", "1").build());

        assertEquals(1, list.join().items().size());
        assertEquals("1", list.join().complete().get("ListItems"));
        assertEquals(0, pending.size());
    }

    @Test
    void failAllFailsEveryPendingActionAtOnce() {
        PendingActions pending = new PendingActions(10);
        CompletableFuture<AmiResponse> a = new CompletableFuture<>();
        CompletableFuture<AmiResponse> b = new CompletableFuture<>();
        pending.add("a", new PendingActions.Pending("Ping", a));
        pending.add("b", new PendingActions.Pending("QueueStatus", b));
        pending.accept(AmiMessage.response("Success").add("ActionID", "b").add("EventList", "start").build());

        pending.failAll(new AmiException(AmiException.Kind.LINK_LOST, "gone"));

        assertTrue(a.isCompletedExceptionally() && b.isCompletedExceptionally());
        assertEquals(0, pending.size());
        assertFalse(pending.accept(AmiMessage.event("QueueParams").add("ActionID", "b").build()),
                "with no list open, events take the fast path again");
    }
}
