package io.sabot.state.backend;

/** The processing-time clock TTL is measured on; tests pass a controllable one. */
@FunctionalInterface
public interface TtlTimeProvider {

    TtlTimeProvider SYSTEM = System::currentTimeMillis;

    long currentTimestamp();
}
