package se.vaxel.cases;

import java.util.List;

/**
 * How Växel nodes find each other for the shared register: a cluster name, the address and first port this
 * node listens on (the next ones if taken), an explicit member list (no multicast), and how many backups
 * each case has on other nodes. From {@code VAXEL_CLUSTER_*} and {@code VAXEL_CASES_*}.
 */
public record ClusterSettings(String name, String bindAddress, int port, List<String> members, int backupCount,
        int preloadDays) {

    public ClusterSettings {
        members = List.copyOf(members);
        if (backupCount < 0 || backupCount > 6) {
            throw new IllegalArgumentException("VAXEL_CASES_BACKUPS must be 0-6, not " + backupCount);
        }
        if (preloadDays < 0) {
            throw new IllegalArgumentException("VAXEL_CASES_PRELOAD_DAYS must be at least 0, not " + preloadDays);
        }
    }
}
