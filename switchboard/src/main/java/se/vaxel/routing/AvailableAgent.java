package se.vaxel.routing;

import java.time.Instant;
import java.util.Map;

/**
 * An agent who can take a call now, as routing sees them: skills with levels (higher is better), idle
 * since when, and calls taken today.
 */
public record AvailableAgent(String id, Map<String, Integer> skills, Instant idleSince, int callsToday) {

    public int level(String skill) {
        return skills.getOrDefault(skill, 0);
    }
}
