package se.vaxel.pbxsim;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;
import se.vaxel.pbxsim.core.CitizenPhone;
import se.vaxel.pbxsim.core.PbxCore;

/**
 * Simulated citizens: who calls (a Swedish mobile number), what they press, how long they wait, whether they take a
 * call-back offer, and when the next one arrives (Poisson). Runs on the core thread. Its own RNGs are seeded from the
 * simulator's seed so the citizens are the same in every run with that seed, however agents' timings interleave.
 */
final class Citizens {

    /** Swedish mobile prefixes (070, 072, 073) in E.164. */
    private static final String[] PREFIXES = {"+4670", "+4672", "+4673"};

    private final PbxCore core;
    private final SimConfig.Traffic traffic;
    private final Random rng;
    /** Call-back choices draw from their own stream: a seed's numbers, digits and patience do not depend on them. */
    private final Random callbackRng;
    private ScheduledFuture<?> next;
    private boolean stopped;

    Citizens(PbxCore core, SimConfig.Traffic traffic, long seed) {
        this.core = core;
        this.traffic = traffic;
        this.rng = new Random(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        this.callbackRng = new Random(seed * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL);
    }

    /** One citizen as drawn from the stream. */
    record Citizen(String number, char digit, long patienceMs, boolean acceptsCallback) {
    }

    Citizen draw() {
        String number = PREFIXES[rng.nextInt(PREFIXES.length)] + String.format("%07d", rng.nextInt(10_000_000));
        char digit = ' ';
        if (rng.nextDouble() >= traffic.noDigitShare()) {
            digit = pickDigit();
        }
        long min = traffic.patienceMin().toMillis();
        long max = Math.max(min, traffic.patienceMax().toMillis());
        long patience = min + (long) (rng.nextDouble() * (max - min));
        return new Citizen(number, digit, patience, callbackRng.nextDouble() < traffic.callbackShare());
    }

    private char pickDigit() {
        int total = 0;
        for (int w : traffic.digitWeights().values()) {
            total += w;
        }
        int pick = rng.nextInt(Math.max(1, total));
        // iterate in a fixed order: Map.of has no stable order
        for (char d : new char[] {'1', '2', '3', '4', '0', '5', '6', '7', '8', '9'}) {
            Integer w = traffic.digitWeights().get(d);
            if (w == null) {
                continue;
            }
            if (pick < w) {
                return d;
            }
            pick -= w;
        }
        return '0';
    }

    /** Places a call on the core thread; returns the trunk channel's Uniqueid (= the call's Linkedid). */
    String call(Citizen c) {
        return core.endpoints().inbound(c.number(), null,
                CitizenPhone.calling(c.digit(), c.patienceMs(), c.acceptsCallback())).uniqueid();
    }

    void start() {
        if (traffic.callsPerMinute() > 0) {
            scheduleNext();
        }
    }

    private void scheduleNext() {
        double meanMs = 60_000.0 / traffic.callsPerMinute();
        long gap = (long) (-Math.log(1 - rng.nextDouble()) * meanMs);
        next = core.schedule(gap, () -> {
            if (stopped) {
                return;
            }
            call(draw());
            scheduleNext();
        });
    }

    void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    static Map<Character, String> services() {
        return Map.of('1', "social-services", '2', "building-permits", '3', "schools", '4', "elder-care", '0', "switchboard");
    }
}
