package io.sabot.actors.api;

/**
 * A per-record function on a keyed stream, with Flink's names and contract: the runtime sets the
 * current key before each {@link #processElement} call, and keyed state obtained from
 * {@link #getRuntimeContext()} reads and writes that key's values.
 *
 * <p>Records are Java records whose components name the columns they read or write; rows are
 * converted to and from Arrow by the runtime (the convenient path; vectorized {@link BatchFunction}s
 * are the fast one).
 *
 * @param <K> the key type (String, Integer or Long, from the key column)
 * @param <I> the input record type
 * @param <O> the output record type
 */
public abstract class KeyedProcessFunction<K, I, O> {

    private RuntimeContext runtimeContext;

    /** Called once before the first record; obtain state handles here. */
    public void open() throws Exception {}

    public abstract void processElement(I value, Context ctx, Collector<O> out) throws Exception;

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

    /** Information about the record being processed. */
    public abstract class Context {

        public abstract K getCurrentKey();

        public abstract TimerService timerService();
    }
}
