package io.sabot.actors.api;

/**
 * What every per-record function has, as Flink's {@code AbstractRichFunction}: {@link #open()} and
 * {@link #close()} around its life on one subtask, and the {@link RuntimeContext} (keyed state, the
 * subtask's index) from {@code open()} on.
 */
public abstract class AbstractRichFunction {

    private RuntimeContext runtimeContext;

    /** Called once before the first record; obtain state handles here. */
    public void open() throws Exception {}

    /** Called once after the last record. */
    public void close() throws Exception {}

    public final RuntimeContext getRuntimeContext() {
        if (runtimeContext == null) {
            throw new IllegalStateException("the runtime context is available from open() on");
        }
        return runtimeContext;
    }

    /** Set by the runtime before {@link #open()}. */
    public final void setRuntimeContext(RuntimeContext runtimeContext) {
        this.runtimeContext = runtimeContext;
    }
}
