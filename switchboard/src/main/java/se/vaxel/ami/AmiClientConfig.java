package se.vaxel.ami;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach Asterisk's manager interface. The secret is never logged nor part of toString.
 */
public record AmiClientConfig(
        String host,
        int port,
        String username,
        String secret,
        Duration connectTimeout,
        Duration actionTimeout,
        Duration pingInterval,
        Duration reconnectMin,
        Duration reconnectMax,
        int maxPendingActions) {

    public AmiClientConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("AMI port out of range: " + port);
        }
        if (maxPendingActions <= 0) {
            throw new IllegalArgumentException("maxPendingActions must be positive");
        }
    }

    public static AmiClientConfig of(String host, int port, String username, String secret) {
        return new AmiClientConfig(host, port, username, secret, Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(10), 10_000);
    }

    public AmiClientConfig withReconnect(Duration min, Duration max) {
        return new AmiClientConfig(host, port, username, secret, connectTimeout, actionTimeout, pingInterval, min, max,
                maxPendingActions);
    }

    public AmiClientConfig withActionTimeout(Duration timeout) {
        return new AmiClientConfig(host, port, username, secret, connectTimeout, timeout, pingInterval, reconnectMin,
                reconnectMax, maxPendingActions);
    }

    public AmiClientConfig withPingInterval(Duration interval) {
        return new AmiClientConfig(host, port, username, secret, connectTimeout, actionTimeout, interval, reconnectMin,
                reconnectMax, maxPendingActions);
    }

    public AmiClientConfig withMaxPendingActions(int max) {
        return new AmiClientConfig(host, port, username, secret, connectTimeout, actionTimeout, pingInterval, reconnectMin,
                reconnectMax, max);
    }

    @Override
    public String toString() {
        return "AmiClientConfig[" + username + "@" + host + ":" + port + "]";
    }
}
