package io.sabot.watermarks.timers;

/** Which clock fired a timer (Flink's {@code TimeDomain}). */
public enum TimeDomain {
    EVENT_TIME,
    PROCESSING_TIME
}
