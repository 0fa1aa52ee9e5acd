package io.sabot.actors.records;

import io.sabot.actors.api.CoGroupFunction;
import io.sabot.actors.api.Collector;
import io.sabot.actors.api.JoinFunction;

/**
 * A window join as a coGroup (how Flink's {@code JoinedStreams} runs): every left element of the
 * window with every right one, left-major, each pair through the {@link JoinFunction}. A window
 * with no element on one side yields nothing (an inner join).
 */
public final class JoinCoGroup<L, R, O> implements CoGroupFunction<L, R, O> {

    private final JoinFunction<L, R, O> join;

    public JoinCoGroup(JoinFunction<L, R, O> join) {
        this.join = join;
    }

    @Override
    public void coGroup(Iterable<L> first, Iterable<R> second, Collector<O> out) throws Exception {
        for (L left : first) {
            for (R right : second) {
                out.collect(join.join(left, right));
            }
        }
    }
}
