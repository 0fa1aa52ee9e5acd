package io.sabot.actors.broadcast;

import io.sabot.actors.api.Collector;
import io.sabot.actors.api.KeyedBroadcastProcessFunction;
import io.sabot.actors.broadcast.ThresholdData.Passed;
import io.sabot.actors.broadcast.ThresholdData.Threshold;
import io.sabot.actors.broadcast.ThresholdData.Trade;
import io.sabot.state.api.ListState;
import io.sabot.state.api.ListStateDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes each trade priced above its symbol's threshold, in event time: a trade waits in keyed state
 * for a timer at its own time. That timer fires only once the combined watermark reaches the
 * trade's time, and the thresholds' watermark stays below every trade until the thresholds end (they
 * all lie before the first trade), so every decision sees every threshold, whatever arrives first.
 */
public final class ThresholdGate extends KeyedBroadcastProcessFunction<String, Trade, Threshold, Passed> {

    private ListState<Trade> waiting;

    @Override
    public void open() {
        waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting", Trade.class));
    }

    @Override
    public void processElement(Trade trade, ReadOnlyContext ctx, Collector<Passed> out) throws Exception {
        waiting.add(trade);
        ctx.timerService().registerEventTimeTimer(trade.ts());
    }

    @Override
    public void processBroadcastElement(Threshold threshold, Context ctx, Collector<Passed> out) throws Exception {
        ctx.getBroadcastState(ThresholdData.LIMITS).put(threshold.symbol(), threshold.limit());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Passed> out) throws Exception {
        Double limit = ctx.getBroadcastState(ThresholdData.LIMITS).get(ctx.getCurrentKey());
        List<Trade> later = new ArrayList<>();
        for (Trade trade : waiting.get()) {
            if (trade.ts() > timestamp) {
                later.add(trade);
            } else if (limit == null) {
                ctx.output(ThresholdData.UNKNOWN, trade);
            } else if (trade.price() > limit) {
                out.collect(new Passed(trade.symbol(), trade.seq(), trade.price(), limit));
            }
        }
        waiting.update(later);
    }
}
