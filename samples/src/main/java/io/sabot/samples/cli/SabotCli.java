package io.sabot.samples.cli;

import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sabot} command line. */
@Command(name = "sabot", mixinStandardHelpOptions = true, versionProvider = SabotCli.Version.class,
        description = "Flink-compatible stateful stream processing on Pekko actors and Apache Arrow.",
        subcommands = {DemoCommand.class, BarsCommand.class, EnrichCommand.class, BitstampCommand.class, KernelsCommand.class,
                BenchCommand.class, JmhCommand.class, ProduceCommand.class, ConsumeCommand.class, KafkaBrokerCommand.class,
                NodeCommand.class, StatusCommand.class})
public final class SabotCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line; returns the exit code (0 ok, 1 the job failed or an error stopped the
     * command, 2 bad arguments). A bad argument prints one {@code error:} line and where the options
     * are explained; an unexpected error prints one {@code error:} line and where the log with its
     * stack trace is, never the stack trace itself.
     */
    public static int run(String... args) {
        return run(CommandLine.defaultFactory(), args);
    }

    /** Runs job command {@code args} (bars, bench) on the cluster node {@code node}, as {@code sabot node} does. */
    static int runOnCluster(ClusterNode node, String... args) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        return run(new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> type) throws Exception {
                return type == RunOptions.class ? (K) new RunOptions(node) : defaults.create(type);
            }
        }, args);
    }

    private static int run(CommandLine.IFactory factory, String... args) {
        org.slf4j.Logger log = LoggerFactory.getLogger(SabotCli.class); // logging starts before the actor system's threads
        CommandLine cli = new CommandLine(new SabotCli(), factory)
                .setParameterExceptionHandler(SabotCli::badArguments)
                .setExecutionExceptionHandler((error, command, parsed) -> failed(log, args, error, command));
        for (CommandLine command : cli.getSubcommands().values()) {
            command.getCommandSpec().versionProvider(new Version()); // -V of every command, not only of `sabot`
        }
        try {
            return cli.execute(args);
        } catch (Error error) { // not an Exception (out of memory, a class that cannot initialize): picocli lets it through
            List<CommandLine> parsed = cli.getParseResult() == null ? List.of(cli)
                    : cli.getParseResult().asCommandLineList();
            return failed(log, args, error, parsed.get(parsed.size() - 1)); // the command that ran
        }
    }

    /** A bad argument: one line that says what is wrong, one that says where the options are (exit code 2). */
    private static int badArguments(CommandLine.ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + error.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(error, err); // "Possible solutions: --window"
        err.println("(" + command.getCommandSpec().qualifiedName() + " --help lists the options)");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** An error stopped the command: the stack trace to the log, one line to the user (exit code 1). */
    private static int failed(org.slf4j.Logger log, String[] args, Throwable error, CommandLine command) {
        log.error("sabot {} failed", String.join(" ", args), error);
        StringBuilder types = new StringBuilder(); // "java.lang.OutOfMemoryError: Java heap space", maybe as a cause
        for (Throwable t = error; t != null; t = t.getCause()) {
            types.append(t).append('\n');
        }
        String message = OutOfMemory.explain(types.toString(), command.getCommandSpec())
                .map(explained -> command.getCommandSpec().qualifiedName() + " " + explained)
                .orElseGet(() -> message(error));
        command.getErr().println("error: " + message + "\n(" + LogFile.details() + ")");
        command.getErr().flush();
        return 1;
    }

    /** The error's own message, or its type when it has none, followed by its causes' messages. */
    static String message(Throwable error) {
        StringBuilder message = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            String text = t instanceof FileSystemException fs ? fileProblem(fs)
                    : t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
            if (message.indexOf(text) < 0) {
                message.append(message.length() == 0 ? "" : ": ").append(text);
            }
        }
        return message.toString();
    }

    /** "/data/x: file already exists" rather than the bare path the JDK's message holds. */
    private static String fileProblem(FileSystemException error) {
        String reason = error.getReason() != null ? error.getReason()
                : error.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                        .toLowerCase(Locale.ROOT);
        return error.getFile() + ": " + reason + (error.getOtherFile() != null ? " (" + error.getOtherFile() + ")" : "");
    }

    /** {@code --version}: the version the jar was built as (its manifest's Implementation-Version). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SabotCli.class.getPackage().getImplementationVersion();
            return new String[] {"sabot " + (version != null ? version : "(version unknown: not run from sabot.jar)")};
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut()); // `sabot` alone: show the commands
    }
}
