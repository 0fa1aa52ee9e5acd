package io.sabot.samples.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line's log file (logback.xml), opened at the first event rather than when Logback
 * starts: a command that logs nothing ({@code --help}, a bad argument) creates no file and no
 * directory. When the file cannot be written (a read-only directory, a file where its directory
 * should be), the log goes to {@code sabot-<user>/sabot.log} under {@code java.io.tmpdir}; when that
 * fails too, events are dropped, since a log must never stop a job. Logback's status messages are
 * not used for this: they would reach the console.
 */
public final class LazyFileAppender extends AppenderBase<ILoggingEvent> {

    private Encoder<ILoggingEvent> encoder;
    private String file;
    private boolean tried;       // opening was attempted: once per run, not once per event
    private OutputStream out;    // null: not open, or no file could be written
    private Path inUse;
    private final List<String> problems = new ArrayList<>();

    /** Where the log should go, relative to the working directory unless absolute. */
    public void setFile(String file) {
        this.file = file;
    }

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    @Override
    public void start() {
        if (encoder == null || file == null) {
            addError("appender " + name + " needs a file and an encoder");
            return;
        }
        super.start();
    }

    @Override
    public void stop() {
        synchronized (this) {
            close();
        }
        super.stop();
    }

    @Override
    protected void append(ILoggingEvent event) { // AppenderBase holds this appender's lock
        open();
        if (out == null) {
            return;
        }
        try {
            out.write(encoder.encode(event));
            out.flush(); // a killed JVM's log must still end with what it did last
        } catch (IOException e) {
            problems.add(problem(inUse.toString(), e)); // e.g. the disk is full: stop logging, not the job
            inUse = null;
            close();
        }
    }

    /** The file the log goes to (opened now if nothing was logged yet), or empty when none could be written. */
    synchronized Optional<Path> file() {
        open();
        return Optional.ofNullable(inUse);
    }

    /** Why the log is not where it was configured to go, e.g. "/data/sabot-output: is a file, not a directory". */
    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    private void open() {
        if (tried) {
            return;
        }
        tried = true;
        for (String candidate : List.of(file, fallback())) {
            try {
                Path absolute = Path.of(candidate).toAbsolutePath().normalize();
                Files.createDirectories(absolute.getParent());
                out = new BufferedOutputStream(Files.newOutputStream(absolute, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE), 1 << 13);
                inUse = absolute;
                return;
            } catch (IOException | RuntimeException e) { // RuntimeException: an invalid path, a security manager's veto
                problems.add(problem(candidate, e));
            }
        }
    }

    private void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the log is what would have said so
            }
            out = null;
        }
    }

    /** "/data/sabot-output: is a file, not a directory": a file system error names its own path, maybe a directory above. */
    private static String problem(String file, Exception error) {
        if (error instanceof FileAlreadyExistsException exists) { // what creating its directory says of a file in the way
            return exists.getFile() + ": is a file, not a directory";
        }
        return error instanceof FileSystemException ? SabotCli.message(error) : file + ": " + SabotCli.message(error);
    }

    /** {@code <tmpdir>/sabot-<user>/sabot.log}: per user, so that one user's log never blocks another's. */
    private static String fallback() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "sabot-" + user, "sabot.log").toString();
    }
}
