package io.sabot.samples.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sabot jmh [regex] [-p name=v1,v2]}: runs the JMH microbenchmarks bundled in the jar. */
@Command(name = "jmh", mixinStandardHelpOptions = true,
        description = "Runs the JMH microbenchmarks (StateAccessBenchmark: state get/update per state type and backend;"
                + " KernelBenchmark: ns per row of each fintech kernel) and prints a table.")
final class JmhCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", defaultValue = "StateAccessBenchmark",
            description = "Which benchmarks (a regular expression, default: ${DEFAULT-VALUE}).")
    String include;

    @Option(names = "-p", paramLabel = "name=v1,v2",
            description = "Runs only these values of a benchmark parameter, as JMH's -p (e.g. -p kernel=all,ewma).")
    List<String> parameters = List.of();

    @Override
    public Integer call() throws Exception {
        checkSomeBenchmarkMatches();
        ChainedOptionsBuilder options = new OptionsBuilder().include(include);
        for (String parameter : parameters) {
            int equals = parameter.indexOf('=');
            if (equals < 1) {
                throw new ParameterException(spec.commandLine(), "-p takes name=value1,value2, was '" + parameter + "'");
            }
            options.param(parameter.substring(0, equals), parameter.substring(equals + 1).split(","));
        }
        new Runner(options.build()).run();
        return 0;
    }

    /** As JMH selects them: the pattern found in a benchmark's full name, e.g. {@code ...jmh.KernelBenchmark.perRow}. */
    private void checkSomeBenchmarkMatches() {
        Pattern pattern;
        try {
            pattern = Pattern.compile(include);
        } catch (PatternSyntaxException e) {
            throw new ParameterException(spec.commandLine(), "'" + include + "' is not a regular expression: "
                    + e.getDescription() + " (e.g. KernelBenchmark or 'StateAccessBenchmark.value')");
        }
        // JMH's reader only warns on this format, about entries it skips: nothing for the console
        var silent = OutputFormatFactory.createFormatInstance(new PrintStream(OutputStream.nullOutputStream()),
                VerboseMode.SILENT);
        List<BenchmarkListEntry> all = List.copyOf(BenchmarkList.defaultList().getAll(silent, List.of()));
        if (all.stream().noneMatch(entry -> pattern.matcher(entry.getUsername()).find())) {
            List<String> classes = all.stream().map(BenchmarkListEntry::getUserClassQName)
                    .map(name -> name.substring(name.lastIndexOf('.') + 1)).distinct().sorted().toList();
            throw new ParameterException(spec.commandLine(), "no benchmark matches '" + include + "' (benchmarks: "
                    + String.join(", ", classes) + "; the expression is looked for in package.Benchmark.method)");
        }
    }
}
