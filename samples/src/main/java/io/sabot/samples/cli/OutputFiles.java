package io.sabot.samples.cli;

import io.sabot.state.files.AtomicFile;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The files one run of a command reads and writes; its outputs are committed together or not at
 * all (docs/command-line.md, "Output files").
 *
 * <p>{@link #prepare()}, before the job, refuses (exit 2, naming both options) an output that is an
 * input or another output — compared as real paths, links resolved; a file that is not there yet
 * through its nearest existing parent — or that is a directory. It then makes each output's staging
 * directory, {@code .<name>.staging/} beside it, and removes from it the temporaries of runs that were
 * killed ({@link AtomicFile#removeAbandoned}).
 *
 * <p>The job writes each output to {@link #staged} in its staging directory. {@link #commit()}, once
 * every output is complete there, renames them over their targets one right after the other. A run
 * that does not get there leaves every old output as it was: {@link #close()} deletes what was
 * staged, unless checkpoints are kept (then the run that resumes from them needs the outputs that
 * were complete, as their sinks' checkpoints say they are).
 */
final class OutputFiles implements AutoCloseable {

    /** A file and the option that named it ("--output"). */
    private record Named(String option, Path file) {
        @Override
        public String toString() {
            return option + " " + file;
        }
    }

    private final CommandSpec spec;
    private final boolean resumable;
    private final List<Named> inputs = new ArrayList<>();
    private final List<Named> outputs = new ArrayList<>();
    private boolean committed;

    /** @param resumable checkpoints are kept: a run after a failure may resume from them */
    OutputFiles(CommandSpec spec, boolean resumable) {
        this.spec = spec;
        this.resumable = resumable;
    }

    /** A file the job reads. */
    OutputFiles input(String option, Path file) {
        inputs.add(new Named(option, file));
        return this;
    }

    /** A file the job writes (null: the option was not given). */
    OutputFiles output(String option, Path file) {
        if (file != null) {
            outputs.add(new Named(option, file));
        }
        return this;
    }

    /**
     * Checks the outputs against the inputs and each other (a {@link ParameterException} names the
     * two options), then makes their staging directories and removes abandoned temporaries there.
     */
    OutputFiles prepare() throws IOException {
        for (int o = 0; o < outputs.size(); o++) {
            Named output = outputs.get(o);
            if (Files.isDirectory(output.file())) {
                throw new ParameterException(spec.commandLine(), output + " is a directory: name a file");
            }
            for (Named input : inputs) {
                refuseSame(output, input, "the output would replace the input");
            }
            for (Named other : outputs.subList(0, o)) {
                refuseSame(output, other, "one output would replace the other");
            }
        }
        for (Named output : outputs) {
            Path staging = staging(output.file());
            try {
                Files.createDirectories(staging.getParent()); // fails naming a file in the way, if one is
                Files.createDirectories(staging);
                AtomicFile.removeAbandoned(staged(output.file()));
            } catch (IOException e) {
                close(); // the staging directories made so far
                throw new IOException("cannot write " + output + ": " + SabotCli.message(e), e);
            }
        }
        return this;
    }

    private void refuseSame(Named output, Named other, String why) throws IOException {
        if (sameFile(output.file(), other.file())) {
            throw new ParameterException(spec.commandLine(), output.option() + " and " + other.option()
                    + " are the same file (" + realPath(output.file()) + "): " + why);
        }
    }

    /** Where the job writes {@code output}: {@code .<name>.staging/<name>} beside it (null for null: no such output). */
    Path staged(Path output) {
        return output == null ? null : staging(output).resolve(output.getFileName());
    }

    private static Path staging(Path output) {
        Path absolute = output.toAbsolutePath();
        return absolute.resolveSibling("." + absolute.getFileName() + ".staging");
    }

    /**
     * Makes every staged output its target: checks that all are complete, then renames them one
     * right after the other (each rename is atomic, and the window between the first and the last is
     * as short as renames are), then forces the directories, so the renames survive a crash.
     */
    void commit() throws IOException {
        for (Named output : outputs) {
            if (!Files.isRegularFile(staged(output.file()))) {
                throw new IOException(output + " was not written completely: no output was committed");
            }
            if (Files.isDirectory(output.file())) {
                throw new IOException(output + " is a directory now: no output was committed");
            }
        }
        Set<Path> directories = new LinkedHashSet<>();
        for (Named output : outputs) {
            Path target = output.file().toAbsolutePath();
            try {
                Files.move(staged(target), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new IOException("cannot commit " + output + ": " + SabotCli.message(e) + (directories.isEmpty()
                        ? " (no output was committed)" : " (the outputs named before it were)"), e);
            }
            directories.add(target.getParent());
        }
        committed = true;
        for (Path directory : directories) {
            AtomicFile.forceDirectory(directory);
        }
        close();
    }

    /**
     * Deletes the staged outputs unless they were committed or checkpoints are kept, then the staging
     * directories that are empty. Never throws: what stays is named for its output and removed by its
     * next run.
     */
    @Override
    public void close() {
        for (Named output : outputs) {
            try {
                if (!committed && !resumable) {
                    Files.deleteIfExists(staged(output.file()));
                }
                Files.deleteIfExists(staging(output.file()));
            } catch (DirectoryNotEmptyException e) {
                // kept for a resume, or a temporary another running process may still own
            } catch (IOException e) {
                // left for the next run of this output
            }
        }
    }

    /** True if {@code a} and {@code b} are one file: the same file if both exist, else the same real path. */
    private static boolean sameFile(Path a, Path b) throws IOException {
        if (Files.exists(a) && Files.exists(b)) {
            return Files.isSameFile(a, b); // also two hard links of one file
        }
        return realPath(a).equals(realPath(b));
    }

    /**
     * {@code file} with every link resolved: its real path, or for a file not there yet the real path
     * of its nearest existing parent and the rest of its path.
     */
    private static Path realPath(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute.normalize();
        }
        return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    }
}
