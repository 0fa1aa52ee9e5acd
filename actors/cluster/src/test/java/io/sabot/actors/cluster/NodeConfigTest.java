package io.sabot.actors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node's configuration, highest first: explicit overrides, system properties, application.conf,
 * Sabot's node defaults, reference.conf. This module's test application.conf turns on
 * {@code pekko.log-dead-letters-during-shutdown}, which the node defaults turn off.
 */
class NodeConfigTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty("pekko.loglevel");
        ConfigFactory.invalidateCaches();
    }

    @Test
    void aSystemPropertyBeatsTheNodeDefaults() {
        System.setProperty("pekko.loglevel", "DEBUG");
        ConfigFactory.invalidateCaches();
        try (SabotNode node = SabotNode.start()) {
            assertEquals("DEBUG", node.system().settings().config().getString("pekko.loglevel"));
            assertEquals("DEBUG", node.system().classicSystem().settings().LogLevel());
        }
    }

    @Test
    void applicationConfBeatsTheNodeDefaults() {
        try (SabotNode node = SabotNode.start()) {
            Config config = node.system().settings().config();
            assertEquals(true, config.getBoolean("pekko.log-dead-letters-during-shutdown"));
            assertEquals("cluster", config.getString("pekko.actor.provider")); // the node default below it stays
        }
    }

    @Test
    void explicitOverridesBeatSystemProperties() {
        System.setProperty("pekko.loglevel", "DEBUG");
        ConfigFactory.invalidateCaches();
        try (SabotNode node = SabotNode.start(ConfigFactory.parseString("pekko.loglevel = WARNING"))) {
            assertEquals("WARNING", node.system().settings().config().getString("pekko.loglevel"));
        }
    }

    @Test
    void theNodeListensWhereSabotNodeSettingsSay() {
        try (SabotNode node = SabotNode.start(ConfigFactory.parseString("sabot.node.port = 0"))) {
            Config config = node.system().settings().config();
            assertEquals("127.0.0.1", config.getString("pekko.remote.artery.canonical.hostname"));
            assertEquals("127.0.0.1", node.system().address().getHost().get());
        }
    }

    /** A node that cannot start stops its actor system: its threads would keep the process alive after the error. */
    @Test
    void aNodeThatCannotStartLeavesNoThreadsBehind() throws InterruptedException {
        Config bad = ConfigFactory.parseMap(java.util.Map.of("sabot.checkpoint.interval", "soon"));
        org.junit.jupiter.api.Assertions.assertThrows(com.typesafe.config.ConfigException.class, () -> SabotNode.start(bad));
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && actorSystemThreads() > 0) {
            Thread.sleep(50);
        }
        assertEquals(0, actorSystemThreads(), "threads of the actor system that failed to start");
    }

    private static long actorSystemThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith("sabot-pekko")).count();
    }
}
