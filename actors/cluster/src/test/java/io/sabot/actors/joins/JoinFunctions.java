package io.sabot.actors.joins;

import io.sabot.actors.api.Collector;
import io.sabot.actors.api.JoinFunction;
import io.sabot.actors.api.ProcessFunction;
import io.sabot.actors.api.ProcessJoinFunction;

/** The functions the join tests run. */
final class JoinFunctions {

    private JoinFunctions() {}

    /** Emits each interval-joined pair with the timestamps its context tells. */
    public static final class PairUp extends ProcessJoinFunction<Event, Event, Pair> {
        @Override
        public void processElement(Event left, Event right, Context ctx, Collector<Pair> out) {
            out.collect(new Pair(left.key(), left.id(), right.id(), ctx.getLeftTimestamp(), ctx.getRightTimestamp(),
                    ctx.getTimestamp()));
        }
    }

    /** A window join's pair; its timestamp is filled in downstream ({@link Stamp}). */
    static JoinFunction<Event, Event, Pair> windowPair() {
        return (left, right) -> new Pair(left.key(), left.id(), right.id(), left.ts(), right.ts(), Long.MIN_VALUE);
    }

    /** Replaces a pair's timestamp by the event timestamp its row carries. */
    public static final class Stamp extends ProcessFunction<Pair, Pair> {
        @Override
        public void processElement(Pair pair, Context ctx, Collector<Pair> out) {
            if (ctx.timestamp() == null) {
                throw new IllegalStateException("pair " + pair + " has no event timestamp");
            }
            out.collect(pair.withTimestamp(ctx.timestamp()));
        }
    }
}
