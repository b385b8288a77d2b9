package se.vaxel;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import se.vaxel.pbxsim.SimConfig;

/**
 * The built-in simulator's settings, read from the VAXEL_SIM_* variables (see README): the citizens'
 * arrival rate, service mix, patience and call-back choices, and the agents' answer delay, talk time and missed calls.
 */
final class SimulatorSettings {

    static final String DEFAULT_MIX = "1:35,2:20,3:20,4:15,0:10";

    private SimulatorSettings() {}

    static SimConfig from(VaxelConfig config, String username, String secret) {
        Settings read = config.read();
        String mode = read.text("VAXEL_SIM_MODE", "route").toLowerCase();
        if (!mode.equals("observe") && !mode.equals("route")) {
            throw new IllegalArgumentException("VAXEL_SIM_MODE must be observe or route, not '" + mode + "'");
        }
        double perMinute = read.number("VAXEL_SIM_CALLS_PER_MINUTE", 6);
        if (perMinute < 0) {
            throw new IllegalArgumentException("VAXEL_SIM_CALLS_PER_MINUTE must not be negative");
        }
        double[] patience = read.secondsRange("VAXEL_SIM_PATIENCE_SECONDS", 60, 240);
        double[] answer = read.secondsRange("VAXEL_SIM_ANSWER_SECONDS", 2, 6);
        double[] talk = read.secondsRange("VAXEL_SIM_TALK_SECONDS", 20, 120);
        return SimConfig.builder(username, secret)
                .seed((long) read.number("VAXEL_SIM_SEED", 20261122))
                .mode(mode.equals("route") ? SimConfig.Mode.ROUTE : SimConfig.Mode.OBSERVE)
                .traffic(SimConfig.Traffic.of(perMinute)
                        .withDigitWeights(serviceMix(read.text("VAXEL_SIM_SERVICE_MIX", DEFAULT_MIX)))
                        .withNoDigitShare(read.share("VAXEL_SIM_NO_DIGIT_SHARE", 0.05))
                        .withPatience(seconds(patience[0]), seconds(patience[1]))
                        .withCallbackShare(read.share("VAXEL_SIM_CALLBACK_SHARE", 0.4))
                        .withCallbackAnswerShare(read.share("VAXEL_SIM_CALLBACK_ANSWER_SHARE", 0.8)))
                .agents(SimConfig.Agents.defaults()
                        .withAnswer(seconds(answer[0]), seconds(answer[1]))
                        .withTalk(seconds(talk[0]), seconds(talk[1]))
                        .withMissedShare(read.share("VAXEL_SIM_MISSED_SHARE", 0.1)))
                .build();
    }

    /** {@code 1:35,2:20,...}: the relative weight of each IVR digit. */
    static Map<Character, Integer> serviceMix(String text) {
        Map<Character, Integer> mix = new HashMap<>();
        for (String part : text.split(",")) {
            String[] kv = part.trim().split(":");
            if (kv.length != 2 || kv[0].trim().length() != 1 || "12340".indexOf(kv[0].trim().charAt(0)) < 0) {
                throw new IllegalArgumentException("VAXEL_SIM_SERVICE_MIX must read like " + DEFAULT_MIX
                        + " (IVR digit 0-4 : weight), not '" + text + "'");
            }
            try {
                int weight = Integer.parseInt(kv[1].trim());
                if (weight < 0) {
                    throw new NumberFormatException();
                }
                mix.put(kv[0].trim().charAt(0), weight);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("VAXEL_SIM_SERVICE_MIX: weight of digit " + kv[0].trim()
                        + " must be a whole number >= 0, not '" + kv[1].trim() + "'");
            }
        }
        if (mix.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            throw new IllegalArgumentException("VAXEL_SIM_SERVICE_MIX: at least one weight must be above 0");
        }
        return mix;
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
