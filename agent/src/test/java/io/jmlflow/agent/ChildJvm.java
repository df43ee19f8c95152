package io.jmlflow.agent;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Starts a test program in a new JVM (optionally with the built agent jar) and captures what it did. */
final class ChildJvm {
    record Result(int exitCode, String stdout, String stderr) {
        /**
         * stderr without the agent's own lines ("[mlflow] ...", SLF4J's notices), i.e. what the program wrote. An agent
         * line written by another thread can land inside one of the program's: the JVM prints an uncaught exception as
         * {@code Exception in thread "main" } and then, in a second call, its stack trace. Such a line is cut out
         * where it starts, so the program's own text is compared whole.
         */
        String programStderr() {
            return stderr.replaceAll("\\[mlflow\\][^\n]*(\n|$)", "").lines().filter(l -> !l.startsWith("SLF4J"))
                    .collect(Collectors.joining("\n"));
        }
    }

    private final String mainClass;
    private final List<String> classPath = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private String agentArgs;
    private boolean withAgent;

    private ChildJvm(String mainClass) {
        this.mainClass = mainClass;
        classPath.add(testClasses().toString());
    }

    /** A JVM running {@code mainClass} from the test classes. */
    static ChildJvm main(String mainClass) {
        return new ChildJvm(mainClass);
    }

    /** The shaded agent jar the build produced (the failsafe property, else next to test-classes). */
    static Path agentJar() {
        String p = System.getProperty("agent.jar");
        Path jar = p != null ? Paths.get(p) : testClasses().getParent().resolve("mlflow-agent.jar");
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("agent jar not built: " + jar + " (run mvn verify)");
        return jar;
    }

    static Path testClasses() {
        String p = System.getProperty("test.classes");
        if (p != null) return Paths.get(p);
        try {
            return Paths.get(demo.HelloWorld.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The module's test class path without its own classes (core, its dependencies, test libraries), as written by
     * the build to {@code test-classpath.txt}.
     */
    static List<Path> testClassPath() throws java.io.IOException {
        Path file = testClasses().getParent().resolve("test-classpath.txt");
        List<Path> out = new ArrayList<>();
        for (String entry : Files.readString(file).trim().split(File.pathSeparator)) out.add(Paths.get(entry));
        return out;
    }

    /** The test class path's jar whose file name starts with {@code prefix} (e.g. "slf4j-simple-"). */
    static Path testClassPathJar(String prefix) throws java.io.IOException {
        for (Path p : testClassPath()) {
            if (p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jar")) return p;
        }
        throw new IllegalStateException("no " + prefix + "*.jar on the test class path");
    }

    ChildJvm withAgent() {
        this.withAgent = true;
        return this;
    }

    ChildJvm withAgent(String arguments) {
        this.withAgent = true;
        this.agentArgs = arguments;
        return this;
    }

    ChildJvm classPath(Path... entries) {
        for (Path e : entries) classPath.add(e.toString());
        return this;
    }

    ChildJvm jvmArg(String... args) {
        jvmArgs.addAll(List.of(args));
        return this;
    }

    ChildJvm env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** Sets MLFLOW_TRACKING_URI to a file store in {@code dir}. */
    ChildJvm fileStore(Path dir) {
        return env("MLFLOW_TRACKING_URI", "file:" + dir.toAbsolutePath());
    }

    Result run() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        if (withAgent) cmd.add("-javaagent:" + agentJar() + (agentArgs == null ? "" : "=" + agentArgs));
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classPath));
        cmd.add(mainClass);
        return exec(cmd, env);
    }

    /** Runs {@code java -jar mlflow-agent.jar <args>} (the agent's command line) with {@code env}. */
    static Result agentCommand(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", agentJar().toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, env);
    }

    /** Runs a command with a clean MLflow/JVM-options environment plus {@code extraEnv}. */
    static Result exec(List<String> cmd, Map<String, String> extraEnv) throws Exception {
        Path out = Files.createTempFile("child-out", ".txt");
        Path err = Files.createTempFile("child-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("MLFLOW_") || k.equals("JAVA_TOOL_OPTIONS")
                    || k.equals("JDK_JAVA_OPTIONS"));
            pb.environment().putAll(extraEnv);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("child JVM did not finish: " + cmd + "\n" + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
