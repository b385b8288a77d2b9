package se.vaxel.routing;

import java.util.Map;

/** An agent as configured: who they are, the phone on their desk, and their skills with levels (1-10). */
public record AgentProfile(String id, String name, String device, Map<String, Integer> skills) {

    public AgentProfile {
        skills = Map.copyOf(skills);
    }
}
