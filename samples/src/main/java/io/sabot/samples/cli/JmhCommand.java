package io.sabot.samples.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sabot jmh [regex] [-p name=v1,v2]}: runs the JMH microbenchmarks bundled in the jar. */
@Command(name = "jmh", mixinStandardHelpOptions = true,
        description = "Runs the JMH microbenchmarks (StateAccessBenchmark: state get/update per state type and backend;"
                + " KernelBenchmark: ns per row of each fintech kernel) and prints a table.")
final class JmhCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", defaultValue = "StateAccessBenchmark",
            description = "Which benchmarks (a regular expression, default: ${DEFAULT-VALUE}).")
    String include;

    @Option(names = "-p", paramLabel = "name=v1,v2",
            description = "Runs only these values of a benchmark parameter, as JMH's -p (e.g. -p kernel=all,ewma).")
    List<String> parameters = List.of();

    @Override
    public Integer call() throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder().include(include);
        for (String parameter : parameters) {
            int equals = parameter.indexOf('=');
            if (equals < 1) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "-p takes name=value1,value2, was '" + parameter + "'");
            }
            options.param(parameter.substring(0, equals), parameter.substring(equals + 1).split(","));
        }
        new Runner(options.build()).run();
        return 0;
    }
}
