package io.sabot.fintech.agents;

/** What a job does with an input row that fails its checks (DESIGN.md §7: fail, skip-row, dead-letter). */
public enum BadRows {
    /** The job fails, naming the file, the line and the problem. */
    FAIL,
    /** The row is dropped before any kernel sees it, so it updates no state. */
    SKIP,
    /** As SKIP, and the row goes to a dead-letter output with its line number and the reason. */
    DEAD_LETTER
}
