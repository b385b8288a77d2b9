package se.vaxel;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.backoffice.BackOfficeModule;
import se.vaxel.cases.CaseRegister;
import se.vaxel.cases.JdbcCaseStore;
import se.vaxel.db.Database;

/**
 * What this node shares with the others: the database, and the Hazelcast member that holds the case register (and
 * the back office's matters, the staff sessions) with the database behind its maps. Started before Vert.x when
 * Vert.x is clustered on that same member ({@link #clusteredVertx}): one cluster, not two, for the register, the
 * event bus and everything else the nodes share. A switchboard started without one starts its own (tests, and
 * the single node of the embedded default before clustering).
 */
public record SharedState(Database database, JdbcCaseStore caseStore, CaseRegister register) implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedState.class);

    /** Blocking: opens (and migrates) the database, then joins or forms the cluster with the maps on it. */
    public static SharedState start(VaxelConfig config) {
        return start(config, c -> { });
    }

    /** The same with more on the member ({@code more} adds to its configuration before it starts). */
    public static SharedState start(VaxelConfig config, Consumer<Config> more) {
        Database database = Database.open(config.database());
        try {
            Duration preload = Duration.ofDays(config.cluster().preloadDays());
            JdbcCaseStore store = new JdbcCaseStore(database, preload);
            CaseRegister register = CaseRegister.start(config.cluster(), store, c -> {
                BackOfficeModule.configure(c, database, preload, config.cluster().backupCount());
                if (config.pbxLease()) {
                    se.vaxel.cluster.PbxOwnership.configure(c, config.ownership());
                }
                more.accept(c);
            });
            return new SharedState(database, store, register);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Blocking: the same, with the maps Vert.x's cluster manager keeps (event bus subscriptions, nodes). */
    public static SharedState startForVertx(VaxelConfig config) {
        return start(config, SharedState::vertxMaps);
    }

    /**
     * Vert.x clustered on this member: its event bus reaches every node of the register's cluster. The event bus
     * listens on the cluster's bind address, on a port of its own choosing (the member list names Hazelcast's).
     */
    public Future<Vertx> clusteredVertx(VaxelConfig config) {
        return Vertx.builder()
                .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost(config.cluster().bindAddress()).setPort(0)))
                .withClusterManager(new HazelcastClusterManager(register.hazelcast()))
                .buildClustered();
    }

    /**
     * Vert.x's own maps, as its cluster manager's default configuration has them (backups, a set of subscribers), and
     * the node id it reads from the member's attributes when it is given a running member rather than a Config.
     */
    static void vertxMaps(Config config) {
        config.getMemberAttributeConfig().setAttribute("__vertx.nodeId", java.util.UUID.randomUUID().toString());
        config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
                .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
        config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
        config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
    }

    /** Blocking: everything queued behind the maps written, then this member leaves and the database closes. */
    @Override
    public void close() {
        try {
            register.close();
        } catch (RuntimeException e) {
            log.error("Case register not closed cleanly: {}", se.vaxel.db.DatabaseFailure.safe(e));
        } finally {
            database.close();
        }
    }
}
