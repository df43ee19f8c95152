package io.jmlflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Python scripts with the real, pinned MLflow from the project's venv (created by
 * {@code scripts/ensure-venv.sh} when missing). Never skips: a missing Python is a test failure.
 */
public final class PythonMlflow {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile String python;

    private PythonMlflow() {
    }

    /** The repository root (the folder holding {@code scripts/ensure-venv.sh}). */
    public static Path repoRoot() {
        Path p = Paths.get("").toAbsolutePath();
        for (; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/ensure-venv.sh"))) return p;
        }
        throw new IllegalStateException("cannot find the repository root from " + Paths.get("").toAbsolutePath());
    }

    /** The venv's python executable. */
    public static synchronized String python() {
        if (python != null) return python;
        String configured = System.getProperty("mlflow.python");
        if (configured != null && !configured.isBlank() && Files.isExecutable(Paths.get(configured))) {
            return python = configured;
        }
        try {
            Process p = new ProcessBuilder("bash", repoRoot().resolve("scripts/ensure-venv.sh").toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0 || out.isEmpty()) {
                throw new IllegalStateException("scripts/ensure-venv.sh failed (exit " + p.exitValue() + ")");
            }
            String[] lines = out.split("\n");
            return python = lines[lines.length - 1].trim();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot set up the Python venv with MLflow", e);
        }
    }

    /** The environment every Python MLflow process gets: no telemetry, file store allowed. */
    public static Map<String, String> baseEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("MLFLOW_DISABLE_TELEMETRY", "true");
        env.put("MLFLOW_ALLOW_FILE_STORE", "true");
        env.put("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false");
        env.put("PYTHONUNBUFFERED", "1");
        env.put("GIT_PYTHON_REFRESH", "quiet");
        return env;
    }

    /** A Python dict literal of {@code vars} (for {@code os.environ.update(...)} in a script). */
    public static String dict(Map<String, String> vars) {
        StringBuilder b = new StringBuilder("{");
        vars.forEach((k, v) -> b.append('"').append(k).append("\": \"").append(v.replace("\\", "\\\\")
                .replace("\"", "\\\"")).append("\", "));
        return b.append('}').toString();
    }

    /**
     * Runs {@code script} with {@code MLFLOW_TRACKING_URI=trackingUri} in {@code workDir}; returns stdout.
     * Fails with stdout and stderr in the message on a non-zero exit.
     */
    public static String run(String trackingUri, Path workDir, String script) {
        try {
            Path file = Files.createTempFile("jmlflow-test", ".py");
            Files.writeString(file, script, StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder(python(), file.toString());
            pb.directory(workDir.toFile());
            pb.environment().putAll(baseEnv());
            if (trackingUri != null) pb.environment().put("MLFLOW_TRACKING_URI", trackingUri);
            Path err = Files.createTempFile("jmlflow-test", ".err");
            pb.redirectError(err.toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("python script timed out:\n" + script);
            }
            String stderr = Files.readString(err);
            Files.deleteIfExists(file);
            Files.deleteIfExists(err);
            if (p.exitValue() != 0) {
                throw new AssertionError("python exited " + p.exitValue() + "\n--- script\n" + script + "\n--- stdout\n"
                        + out + "\n--- stderr\n" + stderr);
            }
            return out;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("cannot run python", e);
        }
    }

    /** Runs a script whose last stdout line is JSON, and parses that line. */
    public static JsonNode json(String trackingUri, Path workDir, String script) {
        String out = run(trackingUri, workDir, script).trim();
        String last = out.substring(out.lastIndexOf('\n') + 1);
        try {
            return JSON.readTree(last);
        } catch (IOException e) {
            throw new AssertionError("python did not print JSON last:\n" + out, e);
        }
    }
}
