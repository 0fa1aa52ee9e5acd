package io.sabot.actors.eventtime;

import io.sabot.state.api.AggregateFunction;

/** Count, sum, min and max of readings: the test windows' incremental aggregate. */
public final class StatsAggregate implements AggregateFunction<Reading, StatsAggregate.Stats, StatsAggregate.Stats> {

    public record Stats(long count, double sum, double min, double max) {}

    @Override
    public Stats createAccumulator() {
        return new Stats(0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    @Override
    public Stats add(Reading value, Stats acc) {
        return new Stats(acc.count() + 1, acc.sum() + value.value(), Math.min(acc.min(), value.value()),
                Math.max(acc.max(), value.value()));
    }

    @Override
    public Stats getResult(Stats acc) {
        return acc;
    }

    @Override
    public Stats merge(Stats a, Stats b) {
        return new Stats(a.count() + b.count(), a.sum() + b.sum(), Math.min(a.min(), b.min()), Math.max(a.max(), b.max()));
    }
}
