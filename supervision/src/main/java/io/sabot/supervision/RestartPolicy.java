package io.sabot.supervision;

/** Whether a child is restarted when it ends (Erlang/OTP's restart types). */
public enum RestartPolicy {
    /** Always restarted, after a failure and after a normal stop. */
    PERMANENT,
    /** Restarted only after a failure; a normal stop removes it. */
    TRANSIENT,
    /** Never restarted. */
    TEMPORARY;

    /** True when a child that ended ({@code failed}: with a failure, else normally) is restarted. */
    public boolean restarts(boolean failed) {
        return this == PERMANENT || this == TRANSIENT && failed;
    }
}
