package se.vaxel.pbxsim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import se.vaxel.ami.protocol.AmiDecoder;
import se.vaxel.ami.protocol.AmiMessage;

/** Reads a recorded AMI conversation (test resources ami/asterisk-20.20.1/...) and extracts per-channel sequences. */
final class Recording {

    private Recording() {
    }

    /** Every message Asterisk sent in a scenario (the banner left out), decoded by Växel's own decoder. */
    static List<AmiMessage> load(String scenario) {
        try {
            byte[] bytes = se.vaxel.ami.Recording.bytes(scenario + "/received.ami");
            return se.vaxel.ami.Recording.decode(bytes, AmiDecoder.Side.CLIENT).stream()
                    .filter(AmiMessage.class::isInstance).map(AmiMessage.class::cast).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
