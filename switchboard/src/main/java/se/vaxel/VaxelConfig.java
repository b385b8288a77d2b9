package se.vaxel;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Växel's settings. Every setting is an environment variable; the same keys may also stand in a
 * properties file named by {@code VAXEL_CONFIG}, and the environment wins. Secrets come only from here,
 * never from code.
 */
public record VaxelConfig(
        int httpPort,
        String httpHost,
        String amiHost,
        int amiPort,
        String amiUsername,
        String amiSecret,
        List<String> services,
        List<String> citizenContexts,
        java.nio.file.Path contactCentreFile,
        se.vaxel.routing.RoutingSettings routing,
        se.vaxel.db.DatabaseSettings database,
        se.vaxel.cases.ClusterSettings cluster,
        se.vaxel.cases.RetentionSettings retention,
        se.vaxel.auth.AuthSettings auth,
        Map<String, String> settings) {

    /** The services the shipped dialplan offers; shown on /api/queues even while nobody waits. */
    public static final List<String> SHIPPED_SERVICES =
            List.of("social-services", "building-permits", "schools", "elder-care", "switchboard");

    /**
     * A citizen who hangs up within this ({@code VAXEL_SHORT_ABANDON_SECONDS}, default 5) misdialled: a short
     * abandon, left out of the service level and the rates (metrics README).
     */
    public java.time.Duration shortAbandon() {
        double s = new Settings(settings).number("VAXEL_SHORT_ABANDON_SECONDS", 5);
        if (s < 0 || s > 60) {
            throw new IllegalArgumentException("VAXEL_SHORT_ABANDON_SECONDS must be between 0 and 60, not " + s);
        }
        return java.time.Duration.ofMillis(Math.round(s * 1000));
    }

    /** The PBX this switchboard routes, by a name the cluster's nodes share ({@code VAXEL_PBX_ID}, default {@code pbx}). */
    public String pbxId() {
        String id = settings.getOrDefault("VAXEL_PBX_ID", "pbx").trim();
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("VAXEL_PBX_ID must be letters, digits, '.', '_' or '-' (at most 64), not '" + id + "'");
        }
        return id;
    }

    /**
     * Whether the nodes of a cluster take turns owning the PBX under a lease ({@code VAXEL_PBX_LEASE}: {@code on},
     * {@code off}; by default on when {@code VAXEL_CLUSTER_MEMBERS} names more than one member). Off, this node routes
     * the PBX from its start, as a single node does.
     */
    public boolean pbxLease() {
        String v = settings.getOrDefault("VAXEL_PBX_LEASE", "").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            case "" -> se.vaxel.cluster.OwnershipSettings.distinctMembers(cluster) > 1;
            default -> throw new IllegalArgumentException("VAXEL_PBX_LEASE must be on or off, not '" + v + "'");
        };
    }

    /**
     * The lease's settings: a majority of the member list as quorum unless {@code VAXEL_CLUSTER_QUORUM} says otherwise,
     * and a TTL of {@code VAXEL_PBX_LEASE_SECONDS} (1-6, default 6; the margin a quarter of it), see the cluster README.
     */
    public se.vaxel.cluster.OwnershipSettings ownership() {
        Settings read = new Settings(settings);
        se.vaxel.cluster.OwnershipSettings o = se.vaxel.cluster.OwnershipSettings.defaults(cluster);
        if (settings.containsKey("VAXEL_CLUSTER_QUORUM")) {
            o = o.withQuorum((int) read.number("VAXEL_CLUSTER_QUORUM", o.quorum()), cluster);
        }
        if (settings.containsKey("VAXEL_PBX_LEASE_SECONDS")) {
            double ttl = read.number("VAXEL_PBX_LEASE_SECONDS", 6);
            // At most 6: the holder acts for three quarters of it, which must stay below Hazelcast's 5 s backup timeout.
            if (ttl < 1 || ttl > 6) {
                throw new IllegalArgumentException("VAXEL_PBX_LEASE_SECONDS must be between 1 and 6, not " + ttl);
            }
            java.time.Duration d = java.time.Duration.ofMillis(Math.round(ttl * 1000));
            o = o.withTiming(d, d.dividedBy(4));
        }
        return o;
    }

    /** No AMI host means: start the built-in PBX simulator and connect to it. */
    public boolean useSimulator() {
        return amiHost == null || amiHost.isBlank();
    }

    public static VaxelConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static VaxelConfig from(Map<String, String> env) {
        Map<String, String> all = new HashMap<>();
        String file = env.get("VAXEL_CONFIG");
        if (file != null && !file.isBlank()) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of(file))) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("VAXEL_CONFIG: cannot read " + file + ": " + e.getMessage(), e);
            }
            p.stringPropertyNames().forEach(k -> all.put(k, p.getProperty(k).trim()));
        }
        env.forEach((k, v) -> {
            if (k.startsWith("VAXEL_")) {
                all.put(k, v);
            }
        });
        Settings read = new Settings(all);
        String amiHost = read.text("VAXEL_AMI_HOST", "");
        String secret = all.get("VAXEL_AMI_SECRET");
        if (!amiHost.isBlank() && (secret == null || secret.isEmpty())) {
            throw new IllegalArgumentException("VAXEL_AMI_SECRET must be set when VAXEL_AMI_HOST is (" + amiHost + ")");
        }
        return new VaxelConfig(
                read.port("VAXEL_HTTP_PORT", 8080),
                read.text("VAXEL_HTTP_HOST", "127.0.0.1"),
                amiHost,
                read.port("VAXEL_AMI_PORT", 5038),
                read.text("VAXEL_AMI_USERNAME", "vaxel"),
                secret,
                list(all.get("VAXEL_SERVICES"), SHIPPED_SERVICES),
                list(all.get("VAXEL_CITIZEN_CONTEXTS"), List.of("citizen-in")),
                all.get("VAXEL_CONTACT_CENTRE_FILE") == null || all.get("VAXEL_CONTACT_CENTRE_FILE").isBlank() ? null
                        : java.nio.file.Path.of(all.get("VAXEL_CONTACT_CENTRE_FILE").trim()),
                routing(read, amiHost.isBlank()),
                new se.vaxel.db.DatabaseSettings(read.text("VAXEL_DB_URL", se.vaxel.db.DatabaseSettings.EMBEDDED_URL),
                        read.text("VAXEL_DB_USER", "vaxel"), all.getOrDefault("VAXEL_DB_PASSWORD", ""),
                        (int) read.number("VAXEL_DB_POOL_SIZE", 4), java.time.Duration.ofSeconds(5)),
                new se.vaxel.cases.ClusterSettings(read.text("VAXEL_CLUSTER_NAME", "vaxel"),
                        read.text("VAXEL_CLUSTER_BIND", "127.0.0.1"), read.port("VAXEL_CLUSTER_PORT", 5701),
                        list(all.get("VAXEL_CLUSTER_MEMBERS"), List.of("127.0.0.1")),
                        (int) read.number("VAXEL_CASES_BACKUPS", 1), (int) read.number("VAXEL_CASES_PRELOAD_DAYS", 7)),
                retention(read),
                auth(read, all),
                Map.copyOf(all));
    }

    private static se.vaxel.cases.RetentionSettings retention(Settings read) {
        se.vaxel.cases.RetentionSettings d = se.vaxel.cases.RetentionSettings.DEFAULT;
        return new se.vaxel.cases.RetentionSettings(read.wholeNumber("VAXEL_CASES_ANONYMISE_AFTER_DAYS", d.anonymiseAfterDays()),
                read.wholeNumber("VAXEL_CASES_DELETE_AFTER_DAYS", d.deleteAfterDays()),
                java.time.Duration.ofMinutes(read.wholeNumber("VAXEL_CASES_RETENTION_INTERVAL_MINUTES", d.interval().toMinutes())));
    }

    private static se.vaxel.auth.AuthSettings auth(Settings read, Map<String, String> all) {
        String users = read.text("VAXEL_USERS_FILE", "");
        List<String> roles = list(all.get("VAXEL_PROTECTED_IDENTITY_ROLES"),
                List.copyOf(se.vaxel.auth.AuthSettings.DEFAULT_PROTECTED_IDENTITY_ROLES));
        return new se.vaxel.auth.AuthSettings(users.isEmpty() ? null : Path.of(users),
                se.vaxel.auth.AuthSettings.hours(read.number("VAXEL_SESSION_HOURS", 10)), java.util.Set.copyOf(roles));
    }

    private static se.vaxel.routing.RoutingSettings routing(Settings read, boolean simulator) {
        se.vaxel.routing.RoutingSettings d = se.vaxel.routing.RoutingSettings.DEFAULT;
        double ring = read.number("VAXEL_RING_TIMEOUT_SECONDS", d.ringTimeout().toSeconds());
        double wrapUp = read.number("VAXEL_WRAP_UP_SECONDS", d.wrapUp().toSeconds());
        double misses = read.number("VAXEL_MISSES_BEFORE_PAUSE", d.missesBeforePause());
        double headStart = read.number("VAXEL_PRIORITY_HEAD_START_SECONDS", d.priorityHeadStart().toSeconds());
        if (ring < 1 || wrapUp < 0 || misses < 1 || headStart < 0) {
            throw new IllegalArgumentException("VAXEL_RING_TIMEOUT_SECONDS must be at least 1, VAXEL_WRAP_UP_SECONDS and "
                    + "VAXEL_PRIORITY_HEAD_START_SECONDS at least 0, VAXEL_MISSES_BEFORE_PAUSE at least 1");
        }
        String loggedIn = read.text("VAXEL_AGENTS_LOGGED_IN_AT_START", "true");
        if (!loggedIn.equals("true") && !loggedIn.equals("false")) {
            throw new IllegalArgumentException("VAXEL_AGENTS_LOGGED_IN_AT_START must be true or false, not '" + loggedIn + "'");
        }
        // The built-in simulator's demo runs at any hour, so it ignores opening hours unless told otherwise.
        String hours = read.text("VAXEL_OPENING_HOURS", simulator ? "ignore" : "apply");
        if (!hours.equals("apply") && !hours.equals("ignore")) {
            throw new IllegalArgumentException("VAXEL_OPENING_HOURS must be apply or ignore, not '" + hours + "'");
        }
        return new se.vaxel.routing.RoutingSettings(java.time.Duration.ofMillis((long) (ring * 1000)),
                java.time.Duration.ofMillis((long) (wrapUp * 1000)), (int) misses,
                java.time.Duration.ofMillis((long) (headStart * 1000)), Boolean.parseBoolean(loggedIn), hours.equals("apply"));
    }

    private static List<String> list(String v, List<String> fallback) {
        if (v == null || v.isBlank()) {
            return fallback;
        }
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Every VAXEL_* setting as given, for the parts that read their own (the built-in simulator). */
    Settings read() {
        return new Settings(settings);
    }

    @Override
    public String toString() {
        return "VaxelConfig[http=" + httpHost + ":" + httpPort + ", ami="
                + (useSimulator() ? "built-in simulator" : amiUsername + "@" + amiHost + ":" + amiPort) + "]";
    }
}
