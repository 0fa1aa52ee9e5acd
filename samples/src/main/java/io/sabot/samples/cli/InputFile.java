package io.sabot.samples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** An option that names a file to read, checked before a job starts so that a wrong path is a bad argument. */
final class InputFile {

    private InputFile() {}

    /** Throws a bad argument saying why {@code option}'s {@code file} cannot be read as a file, e.g. "--input x: is a directory". */
    static void check(CommandSpec command, String option, Path file) {
        String problem = !Files.exists(file) ? "no such file"
                : Files.isDirectory(file) ? "is a directory, not a file"
                : !Files.isRegularFile(file) ? "is not a regular file"
                : !Files.isReadable(file) ? "cannot be read (permission denied)"
                : null;
        if (problem != null) {
            throw new ParameterException(command.commandLine(), option + " " + file + ": " + problem);
        }
    }

    /** The number of lines of {@code file} (for progress: rows = lines − the header). */
    static long lines(Path file) throws IOException {
        try (var stream = Files.lines(file)) {
            return stream.count();
        }
    }
}
