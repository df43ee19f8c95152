package io.jmlflow.teamserver;

import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.TeamServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Child JVMs running {@link ArtifactUploadProgram} against the team servers, and ways to interrupt them. */
final class UploadJvm {
    private UploadJvm() {
    }

    /** The program logging {@code file} to {@code runId}, keeping upload progress in {@code stateDir}. */
    static JavaProcess program(String uri, String runId, Path file, String artifactPath, Path stateDir,
                               Map<String, String> env, String... leading) {
        List<String> args = new java.util.ArrayList<>(List.of(leading));
        args.addAll(List.of(uri, runId, file.toString()));
        if (artifactPath != null) args.add(artifactPath);
        JavaProcess p = JavaProcess.main(ArtifactUploadProgram.class, args.toArray(String[]::new))
                .env("MLFLOW_MULTIPART_UPLOAD_STATE_DIR", stateDir.toString())
                .env("MLFLOW_DISABLE_TELEMETRY", "true");
        TeamServer.clientEnv().forEach(p::env);
        env.forEach(p::env);
        return p;
    }

    /** The child's idle heap (after a GC, client loaded), in bytes. */
    static long idleHeap(JavaProcess idleRun) {
        JavaProcess.Result r = idleRun.run(120);
        if (r.exitCode() != 0) throw new AssertionError("idle run failed: " + r.describe());
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("IDLE_HEAP ")) return Long.parseLong(line.substring(10).trim());
        }
        throw new AssertionError("no IDLE_HEAP line: " + r.describe());
    }

    /** The parts the journals in {@code stateDir} record as uploaded. */
    static int partsRecorded(Path stateDir) {
        if (!Files.isDirectory(stateDir)) return 0;
        int parts = 0;
        try (Stream<Path> journals = Files.list(stateDir)) {
            for (Path j : journals.filter(p -> p.toString().endsWith(".journal")).toList()) {
                parts += Math.max(0, Files.readAllLines(j).size() - 1);
            }
        } catch (IOException e) {
            return parts;
        }
        return parts;
    }

    /** Waits until the journals record {@code parts} parts (fails after {@code timeoutMs} or if {@code p} ends). */
    static void awaitParts(Process p, Path stateDir, int parts, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (partsRecorded(stateDir) < parts) {
            if (!p.isAlive()) {
                throw new AssertionError("the upload ended (exit " + p.exitValue() + ") before " + parts + " parts:\n"
                        + new String(p.getInputStream().readAllBytes()) + new String(p.getErrorStream().readAllBytes()));
            }
            if (System.currentTimeMillis() > deadline) throw new AssertionError("no " + parts + " parts in time");
            Thread.sleep(20);
        }
    }

    /** Ends the child with SIGKILL, as a crash would. */
    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor();
    }
}
