package se.vaxel.routing;

import java.time.Duration;
import java.util.List;

/**
 * How one service is served: the skill it needs, how its agent is chosen, and after how long a waiting
 * citizen may also be served by agents with one of the secondary skills (overflow). {@code overflowAfter}
 * null means no overflow.
 */
public record RoutingRule(String service, String skill, AgentSelection selection, Duration overflowAfter,
        List<String> overflowSkills) {

    public RoutingRule {
        overflowSkills = List.copyOf(overflowSkills);
    }

    public static RoutingRule of(String service, String skill) {
        return new RoutingRule(service, skill, AgentSelection.SKILL_LEVEL_FIRST, null, List.of());
    }
}
