package se.vaxel.pbxsim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.pbxsim.ami.AmiServer;
import se.vaxel.pbxsim.conf.ConfFile;
import se.vaxel.pbxsim.conf.Dialplan;
import se.vaxel.pbxsim.conf.DialplanParser;
import se.vaxel.pbxsim.conf.QueueDef;
import se.vaxel.pbxsim.conf.QueuesParser;
import se.vaxel.pbxsim.core.ManagerActions;
import se.vaxel.pbxsim.core.PbxCore;
import se.vaxel.pbxsim.core.SimBehaviour;
import se.vaxel.pbxsim.core.Trunk;

/**
 * A PBX that speaks AMI like Asterisk 20.20.1, runs the shipped dialplan (extensions.conf, queues.conf) and
 * simulates citizens calling in and agents answering. Stands in for Asterisk in the embedded demo and in tests.
 *
 * <pre>
 * try (PbxSimulator pbx = PbxSimulator.start(SimConfig.builder("vaxel", secret).traffic(SimConfig.Traffic.of(6)).build())) {
 *     int port = pbx.port();   // connect an AMI client here
 * }
 * </pre>
 */
public final class PbxSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PbxSimulator.class);

    private final SimConfig config;
    private final PbxCore core;
    private final AmiServer server;
    private final Citizens citizens;

    private PbxSimulator(SimConfig config, PbxCore core, AmiServer server, Citizens citizens) {
        this.config = config;
        this.core = core;
        this.server = server;
        this.citizens = citizens;
    }

    /** Loads the dialplan, binds the AMI port and starts the configured traffic; returns once listening. */
    public static PbxSimulator start(SimConfig config) {
        Dialplan dialplan = DialplanParser.parse(read(config.dialplanDir(), "extensions.conf"));
        List<QueueDef> queues = QueuesParser.parse(read(config.dialplanDir(), "queues.conf"));
        Map<String, String> overrides = new HashMap<>();
        if (config.mode() != null) {
            overrides.put("VAXEL_MODE", config.mode().name().toLowerCase());
        }
        SimConfig.Agents a = config.agents();
        // a called-back citizen talks as long as an agent would: the configured talk time, whoever hangs up first
        SimBehaviour behaviour = new SimBehaviour(a.answerMin().toMillis(), a.answerMax().toMillis(),
                a.talkMin().toMillis(), a.talkMax().toMillis(), a.missedShare(), 1500, 4000,
                a.talkMin().toMillis(), a.talkMax().toMillis(), 900, a.neverAnswer(),
                config.traffic().callbackAnswerShare());
        PbxCore core = new PbxCore(dialplan, queues, overrides, config.seed(), behaviour);
        String pjsip = readOptional(config.dialplanDir(), "pjsip.conf");
        if (pjsip != null) {
            registerPhones(core, pjsip);
        }
        ManagerActions actions = new ManagerActions(core, config.username(), config.secret());
        AmiServer server;
        try {
            server = AmiServer.start(config.bindHost(), config.port(), core, actions);
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
        Citizens citizens = new Citizens(core, config.traffic(), config.seed());
        core.execute(citizens::start);
        log.info("PBX simulator listening on {}:{} (mode {}, {} calls/min)", config.bindHost(), server.port(),
                core.globals().get("VAXEL_MODE"), config.traffic().callsPerMinute());
        return new PbxSimulator(config, core, server, citizens);
    }

    /** Agent phones from pjsip.conf: sections named by a number (1001, ...). */
    private static void registerPhones(PbxCore core, String pjsip) {
        for (ConfFile.Section s : ConfFile.parse(pjsip).sections()) {
            if (!s.template() && s.name().matches("\\d+")) {
                core.endpoints().addAgentPhone(s.name());
            }
        }
    }

    private static String read(Path dir, String file) {
        String s = readOptional(dir, file);
        if (s == null) {
            throw new IllegalStateException("dialplan file not found: " + file);
        }
        return s;
    }

    private static String readOptional(Path dir, String file) {
        try {
            if (dir != null) {
                Path p = dir.resolve(file);
                return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
            }
            try (InputStream in = PbxSimulator.class.getClassLoader().getResourceAsStream("dialplans/" + file)) {
                return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the simulator on its own until killed. Environment: PBXSIM_SECRET (required), PBXSIM_USER (vaxel),
     * PBXSIM_HOST (127.0.0.1), PBXSIM_PORT (5038), PBXSIM_CALLS_PER_MINUTE (6), PBXSIM_SEED (1),
     * PBXSIM_MODE (observe|route; default: the dialplan's VAXEL_MODE), PBXSIM_DIALPLAN_DIR (default: the shipped files).
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        String secret = env.get("PBXSIM_SECRET");
        if (secret == null || secret.isBlank()) {
            System.err.println("Set PBXSIM_SECRET to the AMI secret clients must use.");
            System.exit(2);
        }
        SimConfig.Builder b = SimConfig.builder(env.getOrDefault("PBXSIM_USER", "vaxel"), secret)
                .bindHost(env.getOrDefault("PBXSIM_HOST", "127.0.0.1"))
                .port(Integer.parseInt(env.getOrDefault("PBXSIM_PORT", "5038")))
                .seed(Long.parseLong(env.getOrDefault("PBXSIM_SEED", "1")))
                .traffic(SimConfig.Traffic.of(Double.parseDouble(env.getOrDefault("PBXSIM_CALLS_PER_MINUTE", "6"))));
        if (env.containsKey("PBXSIM_MODE")) {
            b.mode(SimConfig.Mode.valueOf(env.get("PBXSIM_MODE").toUpperCase()));
        }
        if (env.containsKey("PBXSIM_DIALPLAN_DIR")) {
            b.dialplanDir(Path.of(env.get("PBXSIM_DIALPLAN_DIR")));
        }
        PbxSimulator pbx = start(b.build());
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pbx.close();
            done.countDown();
        }, "pbxsim-shutdown"));
        done.await();
    }

    public int port() {
        return server.port();
    }

    public SimConfig config() {
        return config;
    }

    /**
     * A citizen calls now: arrives on the trunk in [citizen-in], presses {@code digit} at the IVR (' ' = nothing)
     * and hangs up after {@code patience} on hold unless answered. They press nothing at a call-back offer, and a
     * call-back to them is answered or not as the traffic's callbackAnswerShare draws. Returns the call's Linkedid.
     */
    public String placeCitizenCall(String callerNumber, char digit, Duration patience) {
        return core.call(() -> citizens.call(new Citizens.Citizen(callerNumber, digit, patience.toMillis(), false)));
    }

    /**
     * A citizen calls now and does what the script says: the IVR digit, patience, whether they take a call-back offer,
     * and which call-back to their number they answer (this holds for calls to the number from now on). Returns the
     * call's Linkedid.
     */
    public String placeCitizenCall(String callerNumber, CitizenScript script) {
        return core.call(() -> {
            core.trunk().script(callerNumber, script.answersCallbackAttempt());
            return citizens.call(new Citizens.Citizen(callerNumber, script.menuDigit(), script.patience().toMillis(),
                    script.acceptsCallback()));
        });
    }

    /** The next citizen the traffic would send (number, digit, patience, call-back choice), from the seeded stream. */
    public String nextCitizenCall() {
        return core.call(() -> citizens.call(citizens.draw()));
    }

    /**
     * The calls the PBX placed to citizens through the trunk (call-backs), oldest first: the number dialled, the
     * caller ID their phone showed, and when. Count a number's entries for how often it was called.
     */
    public List<Trunk.CallToCitizen> callsToCitizens() {
        return core.call(() -> core.trunk().calls());
    }

    /** Core tasks that failed with an exception since start (0 unless the simulator has a bug). */
    public long errors() {
        return core.call(core::errors);
    }

    /** Live channels right now. */
    public int liveChannels() {
        return core.call(() -> core.channels().size());
    }

    /** Callers waiting in a queue right now. */
    public int waitingInQueue(String queue) {
        return core.call(() -> core.queues().get(queue) == null ? 0 : core.queues().get(queue).callerCount());
    }

    /** For tests and tools in this package: the core (post work with {@link PbxCore#execute}). */
    PbxCore core() {
        return core;
    }

    @Override
    public void close() {
        try {
            core.execute(citizens::stop);
            server.close();
        } finally {
            core.close();
        }
    }
}
