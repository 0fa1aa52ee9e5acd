package io.sabot.actors.graph;

import io.sabot.actors.api.CoGroupFunction;
import io.sabot.actors.records.WindowCoGroupAgent;
import io.sabot.state.keys.KeyColumn;
import io.sabot.watermarks.windows.WindowAssigner;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Two streams to be coGrouped per key and event-time window (Flink's {@code CoGroupedStreams}):
 *
 * <pre>{@code
 * trades.coGroup(quotes).where("symbol").equalTo("symbol")
 *       .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
 *       .apply("minute", MinuteSummary::new, Trade.class, Quote.class, Summary.class, 4);
 * }</pre>
 *
 * When a window fires, the function gets the key's elements of both streams in it (one side may
 * have none). The watermark is the minimum of both streams'; late elements are dropped; a window's
 * elements are dropped at {@code maxTimestamp + allowedLateness}. Emitted records carry
 * {@code window.maxTimestamp()}.
 */
public final class CoGroupedStreams {

    private final DataStream first;
    private final DataStream second;

    CoGroupedStreams(DataStream first, DataStream second) {
        if (first.job() != second.job()) {
            throw new IllegalArgumentException("cannot join or coGroup streams of different jobs");
        }
        this.first = first;
        this.second = second;
    }

    /** The key column of the first (left) stream. */
    public Where where(String firstKey) {
        KeyColumn.of(first.schema(), firstKey); // rejects a missing or unsupported column now
        return new Where(firstKey);
    }

    /** The first stream keyed; the second's key next. */
    public final class Where {
        private final String firstKey;

        private Where(String firstKey) {
            this.firstKey = firstKey;
        }

        /** The key column of the second (right) stream, of the first's key type. */
        public EqualTo equalTo(String secondKey) {
            KeyColumn.of(second.schema(), secondKey);
            return new EqualTo(firstKey, secondKey);
        }
    }

    /** Both streams keyed; the windows next. */
    public final class EqualTo {
        private final String firstKey;
        private final String secondKey;

        private EqualTo(String firstKey, String secondKey) {
            this.firstKey = firstKey;
            this.secondKey = secondKey;
        }

        /** Event-time windows of the watermarks module (tumbling, sliding, session). */
        public WithWindow window(WindowAssigner assigner) {
            return new WithWindow(firstKey, secondKey, Objects.requireNonNull(assigner, "a window assigner"));
        }
    }

    /** Keyed and windowed: give the function. */
    public final class WithWindow {
        private final String firstKey;
        private final String secondKey;
        private final WindowAssigner assigner;
        private long allowedLateness;

        private WithWindow(String firstKey, String secondKey, WindowAssigner assigner) {
            this.firstKey = firstKey;
            this.secondKey = secondKey;
            this.assigner = assigner;
        }

        /** How long after a window's end late elements still enter it, firing it again (default 0). */
        public WithWindow allowedLateness(Duration lateness) {
            if (lateness.isNegative()) {
                throw new IllegalArgumentException("the allowed lateness must not be negative, was " + lateness);
            }
            this.allowedLateness = lateness.toMillis();
            return this;
        }

        /**
         * CoGroups with {@code function}, a new instance per subtask: first-stream rows read as
         * {@code firstType}, second-stream rows as {@code secondType}.
         */
        public <L extends Record, R extends Record, O extends Record> DataStream apply(
                String name, Supplier<? extends CoGroupFunction<L, R, O>> function,
                Class<L> firstType, Class<R> secondType, Class<O> outputType, int parallelism) {
            for (DataStream side : new DataStream[] {first, second}) {
                if (!side.hasEventTime()) {
                    throw new IllegalArgumentException("window join '" + name + "' needs event time: '" + side.describe()
                            + "' has none; give its source a WatermarkStrategy (JobBuilder.source(name, source, strategy))");
                }
            }
            WindowAssigner windows = assigner;
            long lateness = allowedLateness;
            return first.connect(second).keyBy(firstKey, secondKey).process(name,
                    () -> new WindowCoGroupAgent<>(windows, lateness, function.get(), firstType, secondType, outputType),
                    parallelism);
        }
    }
}
