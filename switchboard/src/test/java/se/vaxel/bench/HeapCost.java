package se.vaxel.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import se.vaxel.VaxelConfig;
import se.vaxel.ami.AmiEventTranslator;
import se.vaxel.ami.DialplanContract;
import se.vaxel.ami.Recording;
import se.vaxel.ami.protocol.AmiDecoder;
import se.vaxel.ami.protocol.AmiEncoder;
import se.vaxel.ami.protocol.AmiMessage;
import se.vaxel.calls.CallEvent;
import se.vaxel.calls.LiveCalls;

/**
 * Heap cost of waiting calls in Växel's live state: the translator's channel and call tables plus
 * {@link LiveCalls}. Each call is two channels (both halves of a Local channel, as the recordings have) and
 * is made waiting the way Asterisk tells it: half in observe mode (QueueCallerJoin), half in route mode
 * (VarSet __SERVICE, then the dialplan's UserEvent VaxelCallQueued). The events go through the AMI encoder
 * and decoder first, so the strings the state keeps are separate objects as on a live link, not shared
 * literals.
 */
final class HeapCost {

    record Result(int calls, long bytesWholeStack, long bytesTranslatorOnly, int liveCalls, int liveChannels) {
        double perCall() {
            return (double) bytesWholeStack / calls;
        }

        double translatorPerCall() {
            return (double) bytesTranslatorOnly / calls;
        }
    }

    private final AmiMessage newchannel;
    private final AmiMessage userEvent;
    private final AmiMessage queueJoin;
    private final AmiMessage varSet;

    HeapCost() throws IOException {
        List<AmiMessage> recorded = Recording.load(BenchStream.SCENARIO).events().stream().map(Recording.Timed::message).toList();
        newchannel = first(recorded, "Newchannel");
        userEvent = first(recorded, "UserEvent");
        queueJoin = first(recorded, "QueueCallerJoin");
        varSet = recorded.stream().filter(m -> "VarSet".equals(m.eventName()) && m.get("Variable").endsWith("SERVICE"))
                .findFirst().orElseThrow();
    }

    private static AmiMessage first(List<AmiMessage> recorded, String event) {
        return recorded.stream().filter(m -> event.equals(m.eventName())).findFirst().orElseThrow();
    }

    Result measure(int calls) {
        long whole = measureOnce(calls, true)[0];
        long[] translatorOnly = measureOnce(calls, false);
        return new Result(calls, whole, translatorOnly[0], (int) translatorOnly[1], (int) translatorOnly[2]);
    }

    /** Returns the retained bytes, live calls and live channels. */
    private long[] measureOnce(int calls, boolean withLiveCalls) {
        EmbeddedChannel encoder = new EmbeddedChannel(AmiEncoder.INSTANCE);
        EmbeddedChannel decoder = new EmbeddedChannel(new AmiDecoder(AmiDecoder.Side.SERVER));
        long before = usedHeapAfterGc();
        LiveCalls live = withLiveCalls ? new LiveCalls(VaxelConfig.SHIPPED_SERVICES) : null;
        Consumer<CallEvent> out = withLiveCalls ? live::apply : e -> { };
        AmiEventTranslator translator = new AmiEventTranslator(DialplanContract.DEFAULT, out, Clock.systemUTC());
        for (int i = 0; i < calls; i++) {
            ByteBuf bytes = Unpooled.buffer(4096);
            for (AmiMessage m : eventsOfCall(i)) {
                encoder.writeOutbound(m);
                ByteBuf b = encoder.readOutbound();
                bytes.writeBytes(b);
                b.release();
            }
            decoder.writeInbound(bytes);
            for (Object m; (m = decoder.readInbound()) != null; ) {
                translator.accept((AmiMessage) m);
            }
        }
        if (withLiveCalls && live.size() != calls) {
            throw new IllegalStateException("expected " + calls + " live calls, got " + live.size());
        }
        long after = usedHeapAfterGc();
        long[] result = {after - before, translator.liveCalls(), translator.liveChannels()};
        Reference.reachabilityFence(translator);
        Reference.reachabilityFence(live);
        encoder.finishAndReleaseAll();
        decoder.finishAndReleaseAll();
        return result;
    }

    private List<AmiMessage> eventsOfCall(int i) {
        long seq = 1_000_000L + 2L * i;
        String u1 = "1795400000." + seq;
        String u2 = "1795400000." + (seq + 1);
        String channel = String.format("Local/income-support@citizen-in-%08x", i);
        String number = String.format("+4670%07d", i);
        AmiMessage one = newchannel.toBuilder().set("Channel", channel + ";1").set("Uniqueid", u1).set("Linkedid", u1)
                .set("CallerIDNum", number).build();
        AmiMessage two = newchannel.toBuilder().set("Channel", channel + ";2").set("Uniqueid", u2).set("Linkedid", u1)
                .set("CallerIDNum", number).build();
        if (i % 2 == 0) {
            AmiMessage joined = queueJoin.toBuilder().set("Channel", channel + ";2").set("Uniqueid", u2).set("Linkedid", u1)
                    .set("CallerIDNum", number).set("Position", Integer.toString(i / 2 + 1)).build();
            return List.of(one, two, joined);
        }
        AmiMessage service = varSet.toBuilder().set("Channel", channel + ";2").set("Uniqueid", u2).set("Linkedid", u1)
                .set("Variable", "__SERVICE").set("Value", "social-services").build();
        AmiMessage queued = userEvent.toBuilder().set("Channel", channel + ";2").set("Uniqueid", u2).set("Linkedid", u1)
                .set("CallerIDNum", number).set("UserEvent", "VaxelCallQueued").set("Service", "social-services").build();
        return List.of(one, two, service, queued);
    }

    /** Used heap after several full collections, the lowest reading. */
    static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            lowest = Math.min(lowest, memory.getHeapMemoryUsage().getUsed());
        }
        return lowest;
    }
}
