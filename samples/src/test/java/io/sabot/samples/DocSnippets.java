package io.sabot.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The Java snippets of a Markdown file, each a whole public class, compiled as they stand (imports
 * included) against the project's artifacts, with a way to run their {@code main}.
 */
final class DocSnippets {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PUBLIC_CLASS = Pattern.compile("^public (?:final )?class (\\w+)", Pattern.MULTILINE);

    /** The class names, in the file's order, and each snippet's source. */
    final List<String> classNames = new ArrayList<>();
    final List<String> sources = new ArrayList<>();
    private final URLClassLoader loader;

    /** Compiles the snippets of {@code markdown} into {@code classes}; fails the test if one does not compile. */
    DocSnippets(Path markdown, Path classes) throws Exception {
        String text = Files.readString(markdown);
        Path sourceDir = Files.createDirectories(classes.resolve("src"));
        List<Path> files = new ArrayList<>();
        Matcher block = JAVA_BLOCK.matcher(text);
        while (block.find()) {
            Matcher name = PUBLIC_CLASS.matcher(block.group(1));
            assertTrue(name.find(), "every snippet of " + markdown + " is a whole public class:\n" + block.group(1));
            classNames.add(name.group(1));
            sources.add(block.group(1));
            files.add(Files.writeString(sourceDir.resolve(name.group(1) + ".java"), block.group(1)));
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean compiled = compiler.getTask(null, fileManager, diagnostics,
                    List.of("--release", "17", "-classpath", System.getProperty("java.class.path"),
                            "-d", classes.toString()),
                    null, fileManager.getJavaFileObjectsFromPaths(files)).call();
            assertTrue(compiled, "snippets of " + markdown + " do not compile: " + diagnostics.getDiagnostics());
        }
        loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, DocSnippets.class.getClassLoader());
    }

    /** Runs a snippet's main method and returns what it printed (with the test's log, which shares the console). */
    String main(String className, String... args) throws Exception {
        Method main = loader.loadClass(className).getMethod("main", String[].class);
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) args);
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
