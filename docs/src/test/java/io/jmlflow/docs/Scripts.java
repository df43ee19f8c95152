package io.jmlflow.docs;

import io.jmlflow.testing.PythonMlflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the project's scripts as a user does (bash, in a folder of the test's, no MLflow settings in the
 * environment), on what this build made: no second Maven build ({@code JMLFLOW_SAMPLE_BUILD=never}), the build's
 * output folder, the venv the suite was given.
 */
final class Scripts {
    private Scripts() {
    }

    record Result(int exitCode, String stdout, String stderr) {
        String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }

        /** stdout and stderr, each line once, the repository's path shown as a user in the repository sees it. */
        List<String> lines() {
            List<String> lines = new ArrayList<>();
            for (String s : (stdout + "\n" + stderr).split("\n")) lines.add(s.replace(root() + "/", ""));
            return lines;
        }
    }

    static Path root() {
        return PythonMlflow.repoRoot();
    }

    /** {@code bash scripts/<script> args...} in {@code dir}, not started yet. */
    static ProcessBuilder command(Path dir, String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", root().resolve("scripts").resolve(script).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("MLFLOW_") || k.equals("DISPLAY") || k.equals("WAYLAND_DISPLAY"));
        env.put("MLFLOW_DISABLE_TELEMETRY", "true");
        env.put("MLFLOW_JAVA_VENV", Paths.get(PythonMlflow.python()).toAbsolutePath().getParent().getParent().toString());
        env.put("JMLFLOW_SAMPLE_BUILD", "never");
        env.put("JM_TARGET", System.getProperty("jm.target", "target"));
        return pb;
    }

    /** Runs {@code bash scripts/<script> args...} in {@code dir} to its end (at most {@code timeoutSeconds}). */
    static Result run(Path dir, long timeoutSeconds, String script, String... args) {
        try {
            Files.createDirectories(dir);
            Path out = Files.createTempFile("jmlflow-script", ".out");
            Path err = Files.createTempFile("jmlflow-script", ".err");
            Process p = command(dir, script, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean ended = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!ended) {  // SIGTERM first: the scripts' exit traps stop the servers they started
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            Result r = new Result(ended ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            if (!ended) throw new AssertionError(script + " did not end within " + timeoutSeconds + " s\n" + r.describe());
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A folder of this module's build output for {@code name}, emptied. */
    static Path freshDir(String name) {
        Path dir = Paths.get(System.getProperty("user.dir"), System.getProperty("jm.target", "target"), "scripts", name);
        try {
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) Files.delete(p);
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
