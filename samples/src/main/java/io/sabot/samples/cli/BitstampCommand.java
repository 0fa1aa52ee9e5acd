package io.sabot.samples.cli;

import io.sabot.state.files.AtomicFile;
import io.sabot.samples.data.BitstampTrades;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sabot bitstamp}: a trades file from real Bitstamp trades, for {@code sabot bars}. */
@Command(name = "bitstamp", mixinStandardHelpOptions = true,
        description = "Writes a trades file (symbol,ts,price,size) from 100,000 real Bitstamp BTC/USD trades"
                + " (ta4j-examples), optionally for several symbols and out of order.")
final class BitstampCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--output", defaultValue = "sabot-output/trades.csv",
            description = "Trades file to write (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--symbols", defaultValue = "1",
            description = "Symbols, each with every trade (default: ${DEFAULT-VALUE}).")
    int symbols;

    @Option(names = "--limit", defaultValue = "100000", description = "Use the first N trades (default: all).")
    int limit;

    @Option(names = "--disorder", defaultValue = "0s", converter = Durations.class,
            description = "Move each timestamp back by a random 0..d, so rows arrive out of order (default: ${DEFAULT-VALUE}).")
    Duration disorder;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the disorder (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (symbols < 1 || symbols > 100_000) {
            throw new ParameterException(spec.commandLine(), "--symbols must be within 1..100000");
        }
        if (limit < 0) {
            throw new ParameterException(spec.commandLine(), "--limit must not be negative");
        }
        Path absolute = output.toAbsolutePath();
        long rows;
        try (OutputFiles files = new OutputFiles(spec, false).output("--output", output).prepare()) {
            AtomicFile file = AtomicFile.create(files.staged(output)); // staged only when complete
            try {
                Writer out = new BufferedWriter(Channels.newWriter(file.channel(), StandardCharsets.UTF_8), 1 << 16);
                rows = BitstampTrades.writeTrades(out, symbols, limit, disorder.toMillis(), seed);
                out.flush();
                file.commit();
            } catch (IOException | RuntimeException e) {
                file.abort();
                throw e instanceof IOException io ? AtomicFile.failure(absolute, "cannot write", io) : e;
            }
            files.commit();
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %,d trades for %,d symbol(s) to %s%n", rows, symbols, absolute);
        return 0;
    }
}
