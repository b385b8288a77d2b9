package se.vaxel.routing;

/** Connect this citizen to this agent. {@code overflow} is true when the agent serves by a secondary skill. */
public record RoutingDecision(WaitingCitizen citizen, AvailableAgent agent, boolean overflow) {}
