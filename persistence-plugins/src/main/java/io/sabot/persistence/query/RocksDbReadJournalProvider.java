package io.sabot.persistence.query;

import com.typesafe.config.Config;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.persistence.query.ReadJournalProvider;

/** The read journal plugin ({@code sabot.persistence.query}) that Pekko's {@code PersistenceQuery} instantiates. */
public final class RocksDbReadJournalProvider implements ReadJournalProvider {

    private final RocksDbReadJournal javadsl;
    private final RocksDbScalaReadJournal scaladsl;

    public RocksDbReadJournalProvider(ExtendedActorSystem system, Config config) {
        this.javadsl = new RocksDbReadJournal(system, config);
        this.scaladsl = new RocksDbScalaReadJournal(javadsl);
    }

    @Override
    public RocksDbScalaReadJournal scaladslReadJournal() {
        return scaladsl;
    }

    @Override
    public RocksDbReadJournal javadslReadJournal() {
        return javadsl;
    }
}
