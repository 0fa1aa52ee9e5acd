package io.sabot.persistence.journal;

import com.typesafe.config.Config;
import io.sabot.persistence.PekkoSerialization;
import io.sabot.persistence.rocksdb.RocksDbSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journals open in one actor system, by plugin config path. A RocksDB directory can be opened
 * once per process, yet both the journal actor and the read journal need it, and it must outlive a
 * restart of the journal actor; so the actor system owns it and closes it when it terminates.
 */
public final class JournalRegistry implements Extension {

    private static final Logger log = LoggerFactory.getLogger(JournalRegistry.class);

    public static final class Id extends AbstractExtensionId<JournalRegistry> implements ExtensionIdProvider {
        @Override
        public JournalRegistry createExtension(ExtendedActorSystem system) {
            return new JournalRegistry(system);
        }

        @Override
        public Id lookup() {
            return ID;
        }
    }

    public static final Id ID = new Id();

    public static JournalRegistry get(ActorSystem system) {
        return ID.get(system);
    }

    private final ExtendedActorSystem system;
    private final PersistentReprCodec codec;
    private final Map<String, OpenJournal> journals = new HashMap<>(); // guarded by this
    private boolean terminated; // guarded by this

    private JournalRegistry(ExtendedActorSystem system) {
        this.system = system;
        this.codec = new PersistentReprCodec(new PekkoSerialization(system));
        system.registerOnTermination(this::closeAll);
    }

    /**
     * The journal of the plugin at {@code pluginPath}, opened with {@code pluginConfig} on first use.
     *
     * @throws io.sabot.persistence.rocksdb.RocksDbOpenException naming the directory when it cannot be opened
     */
    public synchronized OpenJournal journal(String pluginPath, Config pluginConfig) {
        if (terminated) {
            throw new IllegalStateException("actor system " + system.name() + " is terminated");
        }
        OpenJournal journal = journals.get(pluginPath);
        if (journal == null) {
            RocksDbSettings settings = RocksDbSettings.fromConfig(pluginConfig, pluginPath);
            Executor blocking = system.dispatchers().lookup(pluginConfig.getString("blocking-io-dispatcher"));
            journal = new OpenJournal(JournalStorage.open(settings), codec, blocking);
            journals.put(pluginPath, journal);
            log.info("journal {} opened in {} (sync-writes {})", pluginPath, settings.dir(),
                    settings.syncWrites() ? "on" : "off");
        }
        return journal;
    }

    private synchronized void closeAll() {
        terminated = true;
        journals.values().forEach(journal -> journal.storage().close());
        journals.clear();
    }
}
