package se.vaxel.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.vaxel.ami.Recording;
import se.vaxel.ami.protocol.AmiEncoder;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * A large AMI event stream built from one recorded scenario, encoded once before any timing.
 *
 * <p>The recorded events are copied {@code copies} times; in each copy every Uniqueid/Linkedid (and their
 * Dest/LocalOne/LocalTwo forms), every channel name's sequence suffix and every bridge id is rewritten, so
 * each copy is a fresh set of distinct calls (20 for 09-concurrent-load). The stream ends with a sentinel
 * call (a Newchannel and its Hangup): a consumer that applies events in order has applied everything once it
 * has applied the sentinel's Hangup, which is the completion signal every figure is measured to.
 *
 * <p>The bytes are one direct buffer, cut into chunks at message boundaries so a server can interleave its
 * answers to actions between chunks, as Asterisk does.
 */
final class BenchStream {

    static final String SCENARIO = "09-concurrent-load";
    private static final int CHUNK = 64 * 1024;
    /** Uniqueid sequence numbers of one copy are shifted by this much per copy. */
    private static final long SEQ_STRIDE = 100_000;

    private static final Set<String> ID_HEADERS = Set.of("uniqueid", "linkedid", "destuniqueid", "destlinkedid",
            "localoneuniqueid", "localonelinkedid", "localtwouniqueid", "localtwolinkedid");
    private static final Pattern UNIQUEID = Pattern.compile("(\\d+)\\.(\\d+)");
    /** The {@code -0000001a} of {@code Local/x@ctx-0000001a;1} or {@code PJSIP/1001-0000001a}. */
    private static final Pattern CHANNEL_SEQ = Pattern.compile("-([0-9a-f]{8})(?=;|$|,)");

    final int copies;
    final int eventsPerCopy;
    final int callsPerCopy;
    /** Events in the stream, sentinel included. */
    final int events;
    /** Calls in the stream, sentinel included. */
    final int calls;
    final long bytes;
    final String sentinelUniqueid;
    private final ByteBuf whole;
    private final List<ByteBuf> chunks;

    private BenchStream(int copies, int eventsPerCopy, int callsPerCopy, List<AmiMessage> messages, String sentinelUniqueid) {
        this.copies = copies;
        this.eventsPerCopy = eventsPerCopy;
        this.callsPerCopy = callsPerCopy;
        this.events = messages.size();
        this.calls = copies * callsPerCopy + 1;
        this.sentinelUniqueid = sentinelUniqueid;
        EmbeddedChannel encoder = new EmbeddedChannel(AmiEncoder.INSTANCE);
        List<ByteBuf> encoded = new ArrayList<>(messages.size());
        long total = 0;
        for (AmiMessage m : messages) {
            encoder.writeOutbound(m);
            ByteBuf b = encoder.readOutbound();
            total += b.readableBytes();
            encoded.add(b);
        }
        encoder.finishAndReleaseAll();
        this.bytes = total;
        this.whole = Unpooled.directBuffer((int) total);
        this.chunks = new ArrayList<>();
        int chunkStart = 0;
        for (ByteBuf b : encoded) {
            whole.writeBytes(b);
            b.release();
            if (whole.writerIndex() - chunkStart >= CHUNK) {
                chunks.add(whole.slice(chunkStart, whole.writerIndex() - chunkStart));
                chunkStart = whole.writerIndex();
            }
        }
        if (whole.writerIndex() > chunkStart) {
            chunks.add(whole.slice(chunkStart, whole.writerIndex() - chunkStart));
        }
    }

    /** The recorded scenario's events, {@code copies} times with fresh ids, then the sentinel call. */
    static BenchStream build(int copies, String tag) throws IOException {
        List<AmiMessage> recorded = new ArrayList<>();
        Recording.load(SCENARIO).events().forEach(t -> recorded.add(t.message()));
        long callsPerCopy = recorded.stream().map(m -> m.get("Linkedid")).filter(l -> l != null).distinct().count();
        List<AmiMessage> out = new ArrayList<>(recorded.size() * copies + 2);
        for (int k = 0; k < copies; k++) {
            Map<String, String> memo = new HashMap<>();
            for (AmiMessage m : recorded) {
                out.add(rewrite(m, k, memo));
            }
        }
        String sentinel = "1900000000." + tag;
        AmiMessage newchannel = recorded.stream().filter(m -> "Newchannel".equals(m.eventName())).findFirst().orElseThrow();
        AmiMessage hangup = recorded.stream().filter(m -> "Hangup".equals(m.eventName())).findFirst().orElseThrow();
        out.addAll(sentinelCall(newchannel, hangup, sentinel, "Local/bench-sentinel@bench-" + tag + ";1"));
        return new BenchStream(copies, recorded.size(), (int) callsPerCopy, out, sentinel);
    }

    /** A call of one channel that starts and ends at once: Newchannel and Hangup, from recorded templates. */
    static List<AmiMessage> sentinelCall(AmiMessage newchannelTemplate, AmiMessage hangupTemplate, String uniqueid, String channel) {
        AmiMessage nc = newchannelTemplate.toBuilder().set("Uniqueid", uniqueid).set("Linkedid", uniqueid)
                .set("Channel", channel).build();
        AmiMessage hu = hangupTemplate.toBuilder().set("Uniqueid", uniqueid).set("Linkedid", uniqueid)
                .set("Channel", channel).build();
        return List.of(nc, hu);
    }

    /** A separate small call (Newchannel + Hangup) with its own bytes, for warming a consumer up. */
    static ByteBuf encodedCall(String uniqueid, String channel) throws IOException {
        List<AmiMessage> recorded = new ArrayList<>();
        Recording.load(SCENARIO).events().forEach(t -> recorded.add(t.message()));
        AmiMessage newchannel = recorded.stream().filter(m -> "Newchannel".equals(m.eventName())).findFirst().orElseThrow();
        AmiMessage hangup = recorded.stream().filter(m -> "Hangup".equals(m.eventName())).findFirst().orElseThrow();
        EmbeddedChannel encoder = new EmbeddedChannel(AmiEncoder.INSTANCE);
        ByteBuf out = Unpooled.buffer();
        for (AmiMessage m : sentinelCall(newchannel, hangup, uniqueid, channel)) {
            encoder.writeOutbound(m);
            ByteBuf b = encoder.readOutbound();
            out.writeBytes(b);
            b.release();
        }
        encoder.finishAndReleaseAll();
        return out;
    }

    private static AmiMessage rewrite(AmiMessage m, int copy, Map<String, String> memo) {
        AmiMessage.Builder b = AmiMessage.builder();
        for (int i = 0; i < m.size(); i++) {
            String name = m.name(i);
            String value = m.value(i);
            String lower = name.toLowerCase();
            if (ID_HEADERS.contains(lower)) {
                value = memo.computeIfAbsent("id|" + value, v -> newUniqueid(v.substring(3), copy));
            } else if (lower.equals("bridgeuniqueid") && value.length() == 36) {
                // a UUID: give the copy its own last group
                value = value.substring(0, 24) + String.format("%012x", Long.parseLong(value.substring(24), 16) ^ copy);
            } else if (value.indexOf('/') > 0) {
                value = memo.computeIfAbsent("ch|" + value, v -> newChannelName(v.substring(3), copy));
            }
            b.add(name, value);
        }
        return b.build();
    }

    private static String newUniqueid(String value, int copy) {
        Matcher u = UNIQUEID.matcher(value);
        if (!u.matches()) {
            return value;
        }
        return u.group(1) + "." + (Long.parseLong(u.group(2)) + copy * SEQ_STRIDE);
    }

    private static String newChannelName(String value, int copy) {
        Matcher c = CHANNEL_SEQ.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (c.find()) {
            c.appendReplacement(sb, String.format("-%08x", Long.parseLong(c.group(1), 16) + (long) copy * 0x10000));
        }
        c.appendTail(sb);
        return sb.toString();
    }

    /** The chunks to write, each a new reference to the shared bytes (the writer releases them). */
    List<ByteBuf> chunks() {
        List<ByteBuf> out = new ArrayList<>(chunks.size());
        chunks.forEach(c -> out.add(c.retainedDuplicate()));
        return out;
    }

    int chunkCount() {
        return chunks.size();
    }

    void release() {
        whole.release();
    }
}
