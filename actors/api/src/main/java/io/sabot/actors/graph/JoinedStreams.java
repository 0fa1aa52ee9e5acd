package io.sabot.actors.graph;

import io.sabot.actors.api.JoinFunction;
import io.sabot.actors.records.JoinCoGroup;
import io.sabot.watermarks.windows.WindowAssigner;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Two streams to be joined per key and event-time window (Flink's {@code JoinedStreams}):
 *
 * <pre>{@code
 * orange.join(green).where("key").equalTo("key")
 *       .window(TumblingEventTimeWindows.of(Duration.ofMillis(2)))
 *       .apply("pairs", () -> (o, g) -> new Pair(o.value(), g.value()), Orange.class, Green.class, Pair.class, 1);
 * }</pre>
 *
 * When a window fires, every left element of a key in it is paired with every right element of
 * that key in it (an inner join: a window with one side empty emits nothing), each pair through
 * the {@link JoinFunction}, and the result carries {@code window.maxTimestamp()}. It is a coGroup
 * ({@link CoGroupedStreams}) with a nested loop, as in Flink, and has its rules: the watermark is
 * the minimum of both streams', late elements are dropped, an element within the allowed lateness
 * fires its window again (all pairs again), and a window's elements are dropped at
 * {@code maxTimestamp + allowedLateness}.
 */
public final class JoinedStreams {

    private final CoGroupedStreams coGroup;

    JoinedStreams(DataStream first, DataStream second) {
        this.coGroup = new CoGroupedStreams(first, second);
    }

    /** The key column of the first (left) stream. */
    public Where where(String firstKey) {
        return new Where(coGroup.where(firstKey));
    }

    /** The first stream keyed; the second's key next. */
    public static final class Where {
        private final CoGroupedStreams.Where where;

        private Where(CoGroupedStreams.Where where) {
            this.where = where;
        }

        /** The key column of the second (right) stream, of the first's key type. */
        public EqualTo equalTo(String secondKey) {
            return new EqualTo(where.equalTo(secondKey));
        }
    }

    /** Both streams keyed; the windows next. */
    public static final class EqualTo {
        private final CoGroupedStreams.EqualTo equalTo;

        private EqualTo(CoGroupedStreams.EqualTo equalTo) {
            this.equalTo = equalTo;
        }

        /** Event-time windows of the watermarks module (tumbling, sliding, session). */
        public WithWindow window(WindowAssigner assigner) {
            return new WithWindow(equalTo.window(assigner));
        }
    }

    /** Keyed and windowed: give the join function. */
    public static final class WithWindow {
        private final CoGroupedStreams.WithWindow window;

        private WithWindow(CoGroupedStreams.WithWindow window) {
            this.window = window;
        }

        /** How long after a window's end late elements still enter it, firing it again (default 0). */
        public WithWindow allowedLateness(Duration lateness) {
            window.allowedLateness(lateness);
            return this;
        }

        /**
         * Joins with {@code function}, a new instance per subtask: first-stream rows read as
         * {@code firstType}, second-stream rows as {@code secondType}.
         */
        public <L extends Record, R extends Record, O extends Record> DataStream apply(
                String name, Supplier<? extends JoinFunction<L, R, O>> function,
                Class<L> firstType, Class<R> secondType, Class<O> outputType, int parallelism) {
            return window.apply(name, () -> new JoinCoGroup<L, R, O>(function.get()), firstType, secondType, outputType,
                    parallelism);
        }
    }
}
