package io.sabot.persistence.journal;

import java.util.concurrent.Executor;

/**
 * A journal directory opened in an actor system: its storage, its single writer, the codec of its
 * events and the executor (the plugin's blocking dispatcher) that reads from it. The journal actor
 * and the read journal of the same plugin share one.
 */
public final class OpenJournal {

    private final JournalStorage storage;
    private final JournalWriter writer;
    private final PersistentReprCodec codec;
    private final Executor blockingExecutor;

    OpenJournal(JournalStorage storage, PersistentReprCodec codec, Executor blockingExecutor) {
        this.storage = storage;
        this.writer = new JournalWriter(storage, blockingExecutor);
        this.codec = codec;
        this.blockingExecutor = blockingExecutor;
    }

    public JournalStorage storage() {
        return storage;
    }

    JournalWriter writer() {
        return writer;
    }

    public PersistentReprCodec codec() {
        return codec;
    }

    /** Where blocking reads run: never on the dispatcher of the actors. */
    public Executor blockingExecutor() {
        return blockingExecutor;
    }
}
