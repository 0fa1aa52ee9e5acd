package io.sabot.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example of docs/api.md, compiled as it stands and run: it prints, in order, the lines its
 * {@code // prints:} comments give (worked out by hand when the example was written).
 */
class ApiDocTest {

    private static final Pattern PRINTS = Pattern.compile("^\\s*// prints: (.*)$", Pattern.MULTILINE);

    @TempDir
    static Path classes;

    private static DocSnippets snippets;

    @BeforeAll
    static void compileTheExamples() throws Exception {
        snippets = new DocSnippets(Path.of("..", "docs", "api.md"), classes);
    }

    static Stream<Integer> examples() {
        return IntStream.range(0, snippets.classNames.size()).boxed(); // after @BeforeAll compiled them
    }

    @ParameterizedTest(name = "example {0}")
    @MethodSource("examples")
    void theExamplePrintsWhatItsCommentsSay(int example) throws Exception {
        List<String> expected = PRINTS.matcher(snippets.sources.get(example)).results().map(m -> m.group(1)).toList();
        assertFalse(expected.isEmpty(), snippets.classNames.get(example) + " says what it prints");
        List<String> printed = snippets.main(snippets.classNames.get(example)).lines()
                .filter(expected::contains).toList(); // not the test log's lines, which share the console
        assertEquals(expected, printed, snippets.classNames.get(example));
    }
}
