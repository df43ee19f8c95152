package io.jmlflow.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts a real child JVM (the test classpath by default) and collects its output and exit code. */
public final class JavaProcess {
    /** What a finished child JVM left behind. */
    public record Result(int exitCode, String stdout, String stderr) {
        public String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private final List<String> args = new ArrayList<>();
    private String classpath = System.getProperty("java.class.path");
    private String javaHome = System.getProperty("java.home");
    private Path workDir = Paths.get("").toAbsolutePath();
    private String mainClass;
    private String jar;

    public static JavaProcess main(Class<?> mainClass, String... args) {
        JavaProcess p = new JavaProcess();
        p.mainClass = mainClass.getName();
        p.args.addAll(List.of(args));
        return p;
    }

    public static JavaProcess main(String mainClass, String... args) {
        JavaProcess p = new JavaProcess();
        p.mainClass = mainClass;
        p.args.addAll(List.of(args));
        return p;
    }

    public static JavaProcess jar(Path jar, String... args) {
        JavaProcess p = new JavaProcess();
        p.jar = jar.toString();
        p.args.addAll(List.of(args));
        return p;
    }

    public JavaProcess jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    public JavaProcess env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public JavaProcess classpath(String cp) {
        this.classpath = cp;
        return this;
    }

    public JavaProcess javaHome(String home) {
        this.javaHome = home;
        return this;
    }

    public JavaProcess workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    private ProcessBuilder builder() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(javaHome, "bin", "java").toString());
        cmd.addAll(jvmArgs);
        if (jar != null) {
            cmd.add("-jar");
            cmd.add(jar);
        } else {
            cmd.add("-cp");
            cmd.add(classpath);
            cmd.add(mainClass);
        }
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        for (String k : List.of("MLFLOW_TRACKING_URI", "MLFLOW_EXPERIMENT_NAME", "MLFLOW_EXPERIMENT_ID", "MLFLOW_RUN_ID")) {
            pb.environment().remove(k);
        }
        pb.environment().putAll(env);
        return pb;
    }

    /** Starts the child with its output piped to the caller. */
    public Process start() throws IOException {
        return builder().start();
    }

    /** Runs to completion (bounded) and returns exit code and output. */
    public Result run(long timeoutSeconds) {
        try {
            Path out = Files.createTempFile("jproc", ".out");
            Path err = Files.createTempFile("jproc", ".err");
            Process p = builder().redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("child JVM did not finish in " + timeoutSeconds + " s:\n"
                        + Files.readString(out) + "\n" + Files.readString(err));
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("cannot run child JVM", e);
        }
    }
}
