package io.sabot.samples.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/** Where the log actually goes (logback.xml, moved with {@code -Dsabot.log.file}), to tell a user where the details are. */
final class LogFile {

    private LogFile() {}

    /** "details in /abs/path/sabot.log", or a hint where no file appender is configured. */
    static String details() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (Logger logger : context.getLoggerList()) {
                for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                    if (it.next() instanceof FileAppender<ILoggingEvent> file && file.getFile() != null) {
                        return "details in " + Path.of(file.getFile()).toAbsolutePath().normalize();
                    }
                }
            }
        }
        return "details in the log";
    }
}
