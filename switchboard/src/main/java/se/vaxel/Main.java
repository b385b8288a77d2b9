package se.vaxel;

import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;
import se.vaxel.routing.ContactCentre;

/**
 * Starts Växel. With {@code VAXEL_AMI_HOST} set it follows that Asterisk; without, it starts the built-in
 * PBX simulator (with simulated citizens and agents) on loopback and follows that.
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        VaxelConfig config;
        ContactCentre centre;
        SimConfig simConfig = null;
        se.vaxel.auth.Users users;
        se.vaxel.auth.DemoLogin demo = null;
        // A fresh secret per run: the simulator listens on loopback only and nobody else needs it.
        String simSecret = randomSecret();
        try {
            config = VaxelConfig.fromEnvironment();
            centre = ContactCentre.load(config.contactCentreFile());
            if (config.useSimulator()) {
                simConfig = SimulatorSettings.from(config, "vaxel", simSecret);
            }
            if (config.useSimulator() && config.auth().usersFile() == null) {
                demo = se.vaxel.auth.DemoLogin.create(); // the demo's case API can be tried without a users file
                users = demo.users();
            } else {
                users = config.auth().users();
            }
        } catch (IllegalArgumentException | ContactCentre.InvalidConfiguration e) {
            System.err.println("Växel cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        log.info("Starting Växel: {}", config);
        PbxSimulator simulator = null;
        AmiClientConfig ami;
        if (simConfig != null) {
            simulator = PbxSimulator.start(simConfig);
            ami = AmiClientConfig.of("127.0.0.1", simulator.port(), "vaxel", simSecret);
            log.info("Built-in PBX simulator on 127.0.0.1:{} ({} calls a minute, {} mode, seed {})", simulator.port(),
                    simConfig.traffic().callsPerMinute(), simConfig.mode().name().toLowerCase(), simConfig.seed());
        } else {
            ami = AmiClientConfig.of(config.amiHost(), config.amiPort(), config.amiUsername(), config.amiSecret());
        }
        // The database and the cluster member first, then Vert.x clustered on that member: one cluster for the case
        // register, the sessions and the event bus.
        SharedState shared;
        Vertx vertx;
        try {
            shared = SharedState.startForVertx(config);
            vertx = shared.clusteredVertx(config).await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.error("Växel cannot start: {}", se.vaxel.db.DatabaseFailure.safe(e));
            if (simulator != null) {
                simulator.close();
            }
            System.exit(1);
            return;
        }
        PbxSimulator sim = simulator;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("Vert.x did not close in time: {}", e.getMessage());
            }
            shared.close(); // after Vert.x, which leaves the cluster through this member
            if (sim != null) {
                sim.close();
            }
        }, "vaxel-shutdown"));
        String base = "http://" + ("0.0.0.0".equals(config.httpHost()) ? "localhost" : config.httpHost()) + ":" + config.httpPort();
        se.vaxel.auth.DemoLogin demoLogin = demo;
        vertx.deployVerticle(new SwitchboardVerticle(config, centre, users, ami, Clock.systemUTC(), shared))
                .onSuccess(id -> {
                    log.info("Växel is up: {}/api/calls", base);
                    if (demoLogin != null) {
                        System.out.println(demoLogin.banner(base)); // once, on the console: not a log line kept for long
                    }
                })
                .onFailure(e -> {
                    log.error("Växel failed to start: {}", e.getMessage());
                    // Not on the event loop: the shutdown hook waits for Vert.x to close, which needs that loop.
                    new Thread(() -> System.exit(1), "vaxel-exit").start();
                });
    }

    private static String randomSecret() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
