package se.vaxel.ami;

import java.util.Set;

/**
 * The names the shipped dialplan (dialplans/extensions.conf) and Växel agree on. Older names from the
 * recorded reference set are accepted too, so the recordings replay against the same translator.
 */
public record DialplanContract(
        Set<String> queuedUserEvents,
        Set<String> noAnswerUserEvents,
        Set<String> fallbackUserEvents,
        String serviceVariable,
        String fallbackQueueSuffix) {

    public static final DialplanContract DEFAULT = new DialplanContract(
            Set.of("VaxelCallQueued", "SwitchboardQueued", "CallQueued", "CallWaiting"),
            Set.of("VaxelNoAnswer", "SwitchboardNoAnswer"),
            Set.of("VaxelFallback"),
            "SERVICE",
            "-fallback");

    /** The service a queue serves: a fallback queue named {@code <service>-fallback} serves that service. */
    public String serviceOfQueue(String queue) {
        if (queue != null && queue.endsWith(fallbackQueueSuffix)) {
            return queue.substring(0, queue.length() - fallbackQueueSuffix.length());
        }
        return queue;
    }
}
