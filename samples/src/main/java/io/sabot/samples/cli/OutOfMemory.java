package io.sabot.samples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a user reads when a job or a command ran out of memory: which memory (the Java heap, which
 * holds keyed state, collected results and generators' tables, or Arrow's memory off the heap,
 * which holds the batches) and what to do about it, with the options the command has. The runtime
 * names the error's type in a task's failure ({@code java.lang.OutOfMemoryError: Java heap space}),
 * which is what is read here.
 */
final class OutOfMemory {

    private OutOfMemory() {}

    /**
     * "ran out of ... memory: what to do", to follow the name of what ran out, if {@code error} (a
     * job's or a command's error message) says that memory ran out; else empty.
     */
    static Optional<String> explain(String error, CommandSpec command) {
        if (containsAny(error, "OutOfMemoryError: Java heap space", "OutOfMemoryError: GC overhead limit exceeded",
                "OutOfMemoryError: Requested array size exceeds VM limit")) {
            long heap = Runtime.getRuntime().maxMemory();
            List<String> remedies = new ArrayList<>(List.of("run it with a larger heap (e.g. java -Xmx" + larger(heap)
                    + " -jar sabot.jar " + command.name() + " ...)"));
            if (command.findOption("--backend") != null) {
                remedies.add("keep the state off the heap with --backend rocksdb");
            }
            if (command.findOption("--symbols") != null) {
                remedies.add("use fewer --symbols");
            }
            return Optional.of("ran out of Java heap memory (" + size(heap) + "): " + either(remedies));
        }
        if (containsAny(error, "OutOfMemoryException", "OutOfDirectMemoryError", "OutOfMemoryError: Direct buffer memory",
                "OutOfMemoryError: Unable to allocate")) {
            List<String> smaller = new ArrayList<>();
            if (command.findOption("--batch-size") != null) {
                smaller.add("use a smaller --batch-size");
            }
            if (command.findOption("--parallelism") != null) {
                smaller.add("a lower --parallelism");
            }
            return Optional.of("ran out of Arrow memory off the heap (where batches live; -Dsabot.memory.arrow-limit,"
                    + " 64g by default, bounds it): " + (smaller.isEmpty() ? "" : either(smaller) + ", or ")
                    + "raise the limit if the machine has the memory");
        }
        int at = error.indexOf("OutOfMemoryError");
        if (at >= 0) {
            return Optional.of("ran out of memory (" + error.substring(error.lastIndexOf(' ', at) + 1) + ")");
        }
        return Optional.empty();
    }

    private static boolean containsAny(String text, String... parts) {
        for (String part : parts) {
            if (text.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** "a, b or c". */
    private static String either(List<String> choices) {
        int last = choices.size() - 1;
        return last == 0 ? choices.get(0) : String.join(", ", choices.subList(0, last)) + " or " + choices.get(last);
    }

    /** Twice {@code bytes} as an -Xmx value, rounded up to 256 MB: "1g", "768m" (the JVM reports a bit less than -Xmx). */
    private static String larger(long bytes) {
        long megabytes = ((2 * bytes >> 20) + 255) / 256 * 256;
        return megabytes % 1024 == 0 ? megabytes / 1024 + "g" : megabytes + "m";
    }

    private static String size(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : (bytes >> 20) + " MB";
    }
}
