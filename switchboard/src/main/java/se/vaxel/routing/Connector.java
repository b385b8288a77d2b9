package se.vaxel.routing;

import io.vertx.core.Future;
import java.time.Duration;

/** Carries out a routing decision on the PBX: rings the agent's device with a parked citizen's call. */
@FunctionalInterface
public interface Connector {
    Future<Void> connect(String callId, String agentDevice, Duration ringTimeout);
}
