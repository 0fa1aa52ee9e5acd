package io.sabot.samples.cli;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sabot} command line. */
@Command(name = "sabot", mixinStandardHelpOptions = true, version = "sabot 0.1.0-SNAPSHOT",
        description = "Flink-compatible stateful stream processing on Pekko actors and Apache Arrow.",
        subcommands = {DemoCommand.class, BarsCommand.class, BitstampCommand.class, KernelsCommand.class,
                BenchCommand.class, JmhCommand.class})
public final class SabotCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line; returns the exit code (0 ok, 1 the job failed, 2 bad arguments). */
    public static int run(String... args) {
        LoggerFactory.getLogger(SabotCli.class); // start logging before the actor system's threads do
        return new CommandLine(new SabotCli()).execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut()); // `sabot` alone: show the commands
    }
}
