package io.sabot.samples.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * Where the log actually goes ({@link LazyFileAppender}: logback.xml, moved with
 * {@code -Dsabot.log.file}, else under java.io.tmpdir), to tell a user where the details are.
 */
final class LogFile {

    private LogFile() {}

    /**
     * "details in /abs/path/sabot.log"; which files could not be written when none could; a hint
     * where no such appender is configured (another Logback configuration).
     */
    static String details() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (Logger logger : context.getLoggerList()) {
                for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                    if (it.next() instanceof LazyFileAppender file) {
                        return file.file().map(path -> "details in " + path)
                                .orElseGet(() -> "no log: " + String.join("; ", file.problems()));
                    }
                }
            }
        }
        return "details in the log";
    }
}
