package se.vaxel.ami;

import java.util.Set;

/**
 * The names the shipped dialplan (dialplans/extensions.conf) and Växel agree on. Older names from the
 * recorded reference set are accepted too, so the recordings replay against the same translator.
 */
public record DialplanContract(
        Set<String> citizenContexts,
        Set<String> holdContexts,
        String connectContext,
        Set<String> queuedUserEvents,
        Set<String> noAnswerUserEvents,
        Set<String> fallbackUserEvents,
        Set<String> closedUserEvents,
        String serviceVariable,
        String fallbackQueueSuffix,
        Callbacks callbacks) {

    /** The callback part of the contract: the offer's UserEvent, the Originate target and its result event. */
    public record Callbacks(String requestedUserEvent, String context, String doneUserEvent) {}

    public static final DialplanContract DEFAULT = new DialplanContract(
            Set.of("citizen-in"),
            Set.of("vaxel-hold", "rm-hold"),
            "vaxel-connect",
            Set.of("VaxelCallQueued", "SwitchboardQueued", "CallQueued", "CallWaiting"),
            Set.of("VaxelNoAnswer", "SwitchboardNoAnswer"),
            Set.of("VaxelFallback"),
            Set.of("VaxelClosed"),
            "SERVICE",
            "-fallback",
            new Callbacks("VaxelCallbackRequested", "vaxel-callback", "VaxelCallbackDone"));

    /** The global Växel sets to 0 while a service is closed, e.g. VAXEL_OPEN_social-services. */
    public static String openVariable(String service) {
        return "VAXEL_OPEN_" + service;
    }

    /** The variable the shipped dialplan sets, in epoch seconds, when a citizen starts waiting. */
    public static final String QUEUED_AT_VARIABLE = "VAXEL_QUEUED_AT";

    /**
     * With the contexts where citizens' calls enter the dialplan: a municipality that keeps its own dialplan
     * (observe mode) names its own. A call that joins a queue or announces itself queued counts as a
     * citizen's call wherever it entered.
     */
    public DialplanContract withCitizenContexts(Set<String> contexts) {
        return new DialplanContract(Set.copyOf(contexts), holdContexts, connectContext, queuedUserEvents,
                noAnswerUserEvents, fallbackUserEvents, closedUserEvents, serviceVariable, fallbackQueueSuffix, callbacks);
    }

    /** The service a queue serves: a fallback queue named {@code <service>-fallback} serves that service. */
    public String serviceOfQueue(String queue) {
        if (queue != null && queue.endsWith(fallbackQueueSuffix)) {
            return queue.substring(0, queue.length() - fallbackQueueSuffix.length());
        }
        return queue;
    }
}
