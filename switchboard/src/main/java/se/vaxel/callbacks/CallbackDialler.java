package se.vaxel.callbacks;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Makes a callback on the PBX: rings the agent's phone first and, once the agent answers, dials the citizen
 * from the municipality's number. The future tells what became of the agent's leg; how the citizen's leg
 * went arrives later as a domain event ({@code CallEvent.CallbackDone}).
 */
@FunctionalInterface
public interface CallbackDialler {

    Future<AgentLeg> callBack(Callback callback, String agentDevice, Duration ringAgent, CallbackPolicy policy);

    /** What became of the ring on the agent's phone. */
    enum AgentLeg {
        /** The agent answered; the citizen is being dialled. */
        ANSWERED,
        /** The agent did not answer in time (or rejected the call): the agent's miss. */
        NO_ANSWER,
        /** The agent's phone was busy or unreachable: not the agent's miss. */
        BUSY,
        /** The PBX could not place the call at all. */
        FAILED
    }
}
