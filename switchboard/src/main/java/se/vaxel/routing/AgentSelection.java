package se.vaxel.routing;

/** How a service picks among the available agents who have its skill. */
public enum AgentSelection {
    /** The best skill level first, then the one idle longest (the default). */
    SKILL_LEVEL_FIRST,
    /** The one idle longest, whatever the level. */
    LONGEST_IDLE,
    /** The one with the fewest calls today, then the one idle longest: spreads the work. */
    LEAST_CALLS_TODAY
}
