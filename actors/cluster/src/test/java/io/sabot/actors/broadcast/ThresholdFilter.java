package io.sabot.actors.broadcast;

import io.sabot.actors.api.BroadcastProcessFunction;
import io.sabot.actors.api.Collector;
import io.sabot.actors.broadcast.ThresholdData.Passed;
import io.sabot.actors.broadcast.ThresholdData.Threshold;
import io.sabot.actors.broadcast.ThresholdData.Trade;
import io.sabot.state.api.ReadOnlyBroadcastState;
import java.util.ArrayList;
import java.util.List;

/**
 * The non-keyed gate, in arrival order: trades that arrive before the thresholds' end marker wait
 * in the subtask (not checkpointed: this function is for runs without failures) and are decided when
 * the marker arrives; later ones are decided at once. So every decision sees every threshold.
 */
public final class ThresholdFilter extends BroadcastProcessFunction<Trade, Threshold, Passed> {

    private final List<Trade> waiting = new ArrayList<>();

    @Override
    public void processElement(Trade trade, ReadOnlyContext ctx, Collector<Passed> out) throws Exception {
        ReadOnlyBroadcastState<String, Double> limits = ctx.getBroadcastState(ThresholdData.LIMITS);
        if (!limits.contains(ThresholdData.ALL_SENT)) {
            waiting.add(trade);
        } else {
            decide(trade, limits, ctx, out);
        }
    }

    @Override
    public void processBroadcastElement(Threshold threshold, Context ctx, Collector<Passed> out) throws Exception {
        ctx.getBroadcastState(ThresholdData.LIMITS).put(threshold.symbol(), threshold.limit());
        if (threshold.symbol().equals(ThresholdData.ALL_SENT)) {
            for (Trade trade : waiting) {
                decide(trade, ctx.getBroadcastState(ThresholdData.LIMITS), ctx, out);
            }
            waiting.clear();
        }
    }

    private static void decide(Trade trade, ReadOnlyBroadcastState<String, Double> limits,
                               BroadcastProcessFunction<Trade, Threshold, Passed>.BaseContext ctx,
                               Collector<Passed> out) throws Exception {
        Double limit = limits.get(trade.symbol());
        if (limit == null) {
            ctx.output(ThresholdData.UNKNOWN, trade);
        } else if (trade.price() > limit) {
            out.collect(new Passed(trade.symbol(), trade.seq(), trade.price(), limit));
        }
    }
}
