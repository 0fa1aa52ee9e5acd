package io.sabot.actors.graph;

import io.sabot.actors.api.OutputTag;
import io.sabot.actors.joins.AsOfJoin;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Two keyed streams to be joined as of event time ({@link AsOfJoin}): each row of the left stream
 * with the latest row of the right stream of the same key at or before its timestamp.
 *
 * <pre>{@code
 * DataStream enriched = trades.keyBy("symbol")
 *         .asOfJoin(quotes.keyBy("symbol"))
 *         .rightTimestampAs("quote_ts")   // the matched quote's event time, an int64 column
 *         .carry("bid", "ask")            // right columns to add (default: all but the right key)
 *         .sideOutputLateData(lateTrades) // late left rows (default: dropped, counted)
 *         .apply("enrich", 4);
 * }</pre>
 *
 * Output columns: the left stream's, the right timestamp (if asked for), the carried right columns
 * (null when no right row matched). Both streams need event time; rows of both are late when the
 * combined watermark has passed them on arrival. Both are exchanged by key group, a stream
 * reinterpreted as keyed too.
 */
public final class AsOfJoinedStreams {

    private final KeyedStream left;
    private final KeyedStream right;
    private final List<AsOfJoin.Carry> carried = new ArrayList<>();
    private boolean carrySet;
    private String rightTimestamp;
    private OutputTag lateData;

    AsOfJoinedStreams(KeyedStream left, KeyedStream right) {
        if (left.input().job() != right.input().job()) {
            throw new IllegalArgumentException("cannot join streams of different jobs");
        }
        this.left = left;
        this.right = right;
    }

    /**
     * Adds right columns to the output under their own names. Without any {@code carry}, every right
     * column but the right key column is carried.
     */
    public AsOfJoinedStreams carry(String... columns) {
        for (String column : columns) {
            carryAs(column, column);
        }
        carrySet = true;
        return this;
    }

    /** Adds right column {@code column} to the output as {@code as} (e.g. the right's "seq" as "quote_seq"). */
    public AsOfJoinedStreams carryAs(String column, String as) {
        carried.add(new AsOfJoin.Carry(column, as));
        carrySet = true;
        return this;
    }

    /** Adds the matched right row's event timestamp as int64 column {@code column} (null when none matched). */
    public AsOfJoinedStreams rightTimestampAs(String column) {
        this.rightTimestamp = column;
        return this;
    }

    /** Sends left rows too late to be joined to side output {@code tag} (the left stream's schema). */
    public AsOfJoinedStreams sideOutputLateData(OutputTag tag) {
        this.lateData = tag;
        return this;
    }

    /** Adds the join as agent {@code name} with {@code parallelism} subtasks; returns the joined rows. */
    public DataStream apply(String name, int parallelism) {
        DataStream leftInput = left.input();
        DataStream rightInput = right.input();
        if (!leftInput.hasEventTime() || !rightInput.hasEventTime()) {
            throw new IllegalArgumentException("as-of join '" + name + "' needs event time on both inputs: give '"
                    + (leftInput.hasEventTime() ? rightInput : leftInput).describe() + "' a WatermarkStrategy");
        }
        List<AsOfJoin.Carry> columns = new ArrayList<>(carried);
        if (!carrySet) {
            for (Field field : rightInput.schema().getFields()) {
                if (!field.getName().equals(right.keyColumn())) {
                    columns.add(new AsOfJoin.Carry(field.getName(), field.getName()));
                }
            }
        }
        AsOfJoin.Spec spec = new AsOfJoin.Spec(columns, rightTimestamp, lateData);
        Schema leftSchema = leftInput.schema();
        Schema rightSchema = rightInput.schema();
        try {
            new AsOfJoin(leftSchema, rightSchema, spec); // the columns are checked now, naming the join
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("as-of join '" + name + "': " + e.getMessage(), e);
        }
        return leftInput.connect(rightInput).keyBy(left.keyColumn(), right.keyColumn())
                .process(name, () -> new AsOfJoin(leftSchema, rightSchema, spec), parallelism);
    }
}
