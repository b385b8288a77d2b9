package se.vaxel.pbxsim.core;

import java.util.LinkedHashMap;
import java.util.Map;

/** One simulated channel. Owned by the core thread: never touched from anywhere else. */
public final class Channel {

    public static final String UNKNOWN = "<unknown>";

    final String name;
    final String uniqueid;
    final String device;
    final long createdMs;
    String linkedid;
    int state;
    String cidNum = UNKNOWN;
    String cidName = UNKNOWN;
    String connNum = UNKNOWN;
    String connName = UNKNOWN;
    String context;
    String exten;
    int priority = 1;
    String app = "";
    String appData = "";
    /** Channel variables by plain name (no inheritance prefix), in the order they were set. */
    final Map<String, String> vars = new LinkedHashMap<>();
    /** 1 for "_NAME" (one generation), 2 for "__NAME" (every generation). */
    final Map<String, Integer> inherit = new LinkedHashMap<>();
    Bridge bridge;
    /** The other half of a Local pair. */
    Channel localPeer;
    boolean localOne;
    /** What a simulated phone does on this channel (ring, answer, hang up); null for dialplan-only channels. */
    Phone phone;
    /** The application currently waiting on this channel (Wait, Queue, Dial, MusicOnHold, ...). */
    Blocker blocker;
    /** StartMusicOnHold's class while it plays (until StopMusicOnHold); null when no music is started. */
    String musicClass;
    /** Something that waits for this channel to answer or ring (Dial, Queue, Originate). */
    CallWatcher watcher;
    boolean pbxRunning;
    /** Runs one Originate application, then hangs up instead of continuing in the dialplan. */
    boolean appOnly;
    boolean hungUp;
    long answeredMs;
    int hangupCause;

    Channel(String name, String uniqueid, String device, String context, String exten, long nowMs) {
        this.name = name;
        this.uniqueid = uniqueid;
        this.linkedid = uniqueid;
        this.device = device;
        this.context = context;
        this.exten = exten;
        this.createdMs = nowMs;
    }

    public String name() {
        return name;
    }

    public String uniqueid() {
        return uniqueid;
    }

    public String linkedid() {
        return linkedid;
    }

    public int state() {
        return state;
    }

    public String var(String n) {
        return vars.get(n);
    }

    boolean isUp() {
        return state == 6;
    }

    static String stateDesc(int state) {
        return switch (state) {
            case 0 -> "Down";
            case 1 -> "Rsrvd";
            case 2 -> "OffHook";
            case 3 -> "Dialing";
            case 4 -> "Ring";
            case 5 -> "Ringing";
            case 6 -> "Up";
            case 7 -> "Busy";
            default -> "Unknown";
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
