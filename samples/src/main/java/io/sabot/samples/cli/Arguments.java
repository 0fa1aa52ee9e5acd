package io.sabot.samples.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of a command's arguments before its job starts: a failed one is a bad argument (one error line, exit 2). */
final class Arguments {

    private Arguments() {}

    /** Throws a bad argument of {@code command} saying {@code message} unless {@code condition} holds. */
    static void require(CommandSpec command, boolean condition, String message) {
        if (!condition) {
            throw new ParameterException(command.commandLine(), message);
        }
    }
}
