package io.sabot.samples.cli;

import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sabot jmh [regex]}: runs the JMH microbenchmarks bundled in the jar. */
@Command(name = "jmh", mixinStandardHelpOptions = true,
        description = "Runs the JMH microbenchmarks (state get/update per state type and backend) and prints a table.")
final class JmhCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", defaultValue = "StateAccessBenchmark",
            description = "Which benchmarks (a regular expression, default: ${DEFAULT-VALUE}).")
    String include;

    @Override
    public Integer call() throws Exception {
        new Runner(new OptionsBuilder().include(include).build()).run();
        return 0;
    }
}
