package io.sabot.samples.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A failed job's error as a user reads it. The runtime names the task that failed, e.g.
 * {@code check[0]: quotes.csv line 3: bid is NaN}; those names are the job graph's, not the
 * command line's, so they stay in the log and leave the console. Running out of memory reads as
 * what ran out and what to do ({@link OutOfMemory}).
 */
final class JobFailure {

    /** A task's name, {@code vertex[subtask]}, then what it says. */
    private static final Pattern TASK = Pattern.compile("^[\\w.-]+\\[\\d+\\](: | )");
    /** Tasks that did not start: {@code tasks [a[0], b[1]] did not start ...}. */
    private static final Pattern TASKS = Pattern.compile("^tasks \\[[\\w.-]+\\[\\d+\\](, [\\w.-]+\\[\\d+\\])*\\]");

    private JobFailure() {}

    /** "the bars job failed: trades.csv line 4, ..." for {@code what} "the bars job" and the job's {@code error}. */
    static String describe(String what, String error, CommandSpec command) {
        return OutOfMemory.explain(error, command).map(explained -> what + " " + explained)
                .orElseGet(() -> what + " failed: " + withoutTaskNames(error));
    }

    /** {@code error} without the task named at its start: "bars[1]: x" is "x", "out[0] stopped ..." "a task stopped ...". */
    static String withoutTaskNames(String error) {
        var task = TASK.matcher(error);
        if (task.find()) {
            return (task.group(1).equals(" ") ? "a task " : "") + error.substring(task.end());
        }
        return TASKS.matcher(error).replaceFirst("some tasks");
    }
}
