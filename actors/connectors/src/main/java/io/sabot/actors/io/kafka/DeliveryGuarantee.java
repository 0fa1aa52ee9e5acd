package io.sabot.actors.io.kafka;

/** What a Kafka sink promises, with Flink's names. */
public enum DeliveryGuarantee {
    /**
     * Every row once, for {@code read_committed} consumers: the rows of a checkpoint are committed
     * in one Kafka transaction when the checkpoint completes (and again after a crash, if it did not
     * get to). Consumers see them at that moment, not before.
     */
    EXACTLY_ONCE,
    /** Every row at least once: what was sent is flushed at every checkpoint; a restart may send some again. */
    AT_LEAST_ONCE,
    /** Sent and not waited for: rows may be lost on a failure, and sent again after a restart. */
    NONE;

    /** {@code exactly-once}, {@code at-least-once} or {@code none}, as the command line spells them. */
    public static DeliveryGuarantee parse(String name) {
        return switch (name) {
            case "exactly-once" -> EXACTLY_ONCE;
            case "at-least-once" -> AT_LEAST_ONCE;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("must be exactly-once, at-least-once or none, was '" + name + "'");
        };
    }
}
