package se.vaxel.ami;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.vaxel.ami.protocol.AmiDecoder;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * One scenario recorded from Asterisk 20.20.1 (test resources under /ami/asterisk-20.20.1/): the live events
 * with their times, and Asterisk's answers to the recorder's own actions, so a replay can answer ours.
 */
public record Recording(String name, List<Timed> events, Map<String, List<Answer>> answers, int rawBytes) {

    public record Timed(long atMillis, AmiMessage message) {}

    /** Asterisk's answer to one recorded action: the response and its list items and Complete event. */
    public record Answer(AmiMessage action, AmiMessage response, List<AmiMessage> items) {}

    public static byte[] bytes(String path) throws IOException {
        try (InputStream in = Recording.class.getResourceAsStream("/ami/asterisk-20.20.1/" + path)) {
            if (in == null) {
                throw new IOException("missing test resource " + path);
            }
            return in.readAllBytes();
        }
    }

    public static List<Object> decode(byte[] bytes, AmiDecoder.Side side) {
        EmbeddedChannel ch = new EmbeddedChannel(new AmiDecoder(side));
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        List<Object> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add(o);
        }
        ch.finishAndReleaseAll();
        return out;
    }

    public static Recording load(String scenario) throws IOException {
        return load(scenario, "");
    }

    public static Recording load(String scenario, String prefix) throws IOException {
        byte[] received = bytes(scenario + "/" + prefix + "received.ami");
        List<Object> in = decode(received, AmiDecoder.Side.CLIENT);
        List<AmiMessage> sent = decode(bytes(scenario + "/" + prefix + "sent.ami"), AmiDecoder.Side.SERVER).stream()
                .map(AmiMessage.class::cast).toList();
        List<Long> times = new ArrayList<>();
        for (String line : new String(bytes(scenario + "/" + prefix + "timeline.tsv"), StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split("\t");
            if (f.length >= 3 && f[1].equals("recv") && !f[2].startsWith("(EOF")) {
                times.add(Long.parseLong(f[0]));
            }
        }
        Map<String, AmiMessage> sentById = new HashMap<>();
        sent.forEach(a -> sentById.put(a.actionId(), a));
        Map<String, Answer> byId = new HashMap<>();
        List<Timed> events = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            if (!(in.get(i) instanceof AmiMessage m)) {
                continue; // the banner
            }
            long at = i < times.size() ? times.get(i) : times.get(times.size() - 1);
            AmiMessage action = m.actionId() == null ? null : sentById.get(m.actionId());
            boolean answersRecorder = action != null && !"OriginateResponse".equals(m.eventName());
            if (answersRecorder) {
                Answer a = byId.computeIfAbsent(m.actionId(), id -> new Answer(action, null, new ArrayList<>()));
                if (m.isResponse() && a.response() == null) {
                    byId.put(m.actionId(), new Answer(action, m, a.items()));
                } else {
                    a.items().add(m);
                }
            } else if (m.isEvent()) {
                events.add(new Timed(at, m));
            }
        }
        Map<String, List<Answer>> answers = new HashMap<>();
        byId.values().forEach(a -> answers.computeIfAbsent(a.action().actionName().toLowerCase(), k -> new ArrayList<>()).add(a));
        return new Recording(scenario + "/" + prefix, List.copyOf(events), answers, received.length);
    }
}
