package se.vaxel.pbxsim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import se.vaxel.ami.protocol.AmiMessage;

/** Reads a recorded AMI conversation (test resources ami/asterisk-20.20.1/...) and extracts per-channel sequences. */
final class Recording {

    private Recording() {
    }

    static List<AmiMessage> load(String scenario) {
        String path = "/ami/asterisk-20.20.1/" + scenario + "/received.ami";
        try (InputStream in = Recording.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing recording " + path);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<AmiMessage> parse(String text) {
        List<AmiMessage> out = new ArrayList<>();
        AmiMessage.Builder b = AmiMessage.builder();
        for (String line : text.split("\r?\n", -1)) {
            if (line.isEmpty()) {
                if (b.size() > 0) {
                    out.add(b.build());
                    b = AmiMessage.builder();
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                String v = line.substring(colon + 1);
                b.add(line.substring(0, colon), v.startsWith(" ") ? v.substring(1) : v);
            }
        }
        return out;
    }

    /** The channel that ran Queue() (the caller app_queue saw). */
    static String queueCaller(List<AmiMessage> msgs) {
        return msgs.stream().filter(m -> "Newexten".equals(m.eventName()) && "Queue".equals(m.get("Application")))
                .map(m -> m.get("Channel")).findFirst().orElseThrow();
    }

    /** Event names on one channel (its own Channel header), from its Queue() step to its Hangup. */
    static List<String> sequenceFromQueue(List<AmiMessage> msgs, String channel) {
        List<String> out = new ArrayList<>();
        boolean started = false;
        for (AmiMessage m : msgs) {
            if (!m.isEvent() || !channel.equals(m.get("Channel"))) {
                continue;
            }
            if ("Newexten".equals(m.eventName()) && "Queue".equals(m.get("Application"))) {
                started = true;
                continue;
            }
            if (started) {
                out.add("VarSet".equals(m.eventName()) ? "VarSet " + m.get("Variable") : m.eventName());
            }
        }
        return out;
    }
}
