package se.vaxel.calls;

import java.time.Instant;
import java.util.List;

/** The state of the link to the PBX, and the picture of live calls Asterisk gave after a (re)connect. */
public sealed interface LinkEvent {

    Instant at();

    record Up(String pbx, Instant at) implements LinkEvent {}

    record Down(String reason, Instant at) implements LinkEvent {}

    /**
     * Every call Asterisk has right now, read after a (re)connect. The live state takes it as the truth:
     * calls it knows keep their history, calls it lacks are added, calls not in it have ended meanwhile.
     * {@code busyDevices}: every device with a channel now (e.g. PJSIP/1001), citizens' calls or not, so
     * routing can tell that an agent's own call (a callback) ended while the link was down; null when unknown.
     */
    record Resynced(List<CallSnapshot> calls, java.util.Set<String> busyDevices, Instant at) implements LinkEvent {

        public Resynced(List<CallSnapshot> calls, Instant at) {
            this(calls, null, at);
        }
    }
}
