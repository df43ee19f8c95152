package io.jmlflow.samples.dl4j;

import io.jmlflow.MlflowClient;
import io.jmlflow.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J in a class loader the agent cannot see: autologging must switch itself off with one clear warning, and
 * training must run exactly as without the agent.
 */
class Dl4jIsolatedClassLoaderTest {
    @Test
    void dl4jOutOfTheAgentsSightTrainsUnloggedWithOneWarning(@TempDir Path dir) throws Exception {
        String full = Dl4jChildJvm.applicationClassPath(System.getProperty("java.class.path"));
        Path testClasses = Paths.get(IsolatedDl4jApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> isolated = new ArrayList<>();
        for (String e : full.split(File.pathSeparator)) if (!Paths.get(e).equals(testClasses)) isolated.add(e);
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess.Result r = JavaProcess.main(IsolatedDl4jApp.class, "2", "32")
                .classpath(testClasses.toString())
                .jvmArg("-javaagent:" + Dl4jChildJvm.agentJar())
                .jvmArg("-Disolated.class.path=" + String.join(File.pathSeparator, isolated))
                .workDir(dir)
                .env("MLFLOW_TRACKING_URI", uri)
                .env("OMP_NUM_THREADS", "1")
                .run(240);
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains("accuracy after 2 epochs"), r.describe());
        long warnings = r.stderr().lines().filter(l -> l.contains("dl4j autologging is off")).count();
        assertEquals(1, warnings, r.describe());
        assertTrue(r.stderr().contains("application class path"), r.describe());
        if (Files.exists(dir.resolve("mlruns"))) {
            try (MlflowClient c = new MlflowClient(uri)) {
                assertTrue(c.searchRuns(List.of("0"), "").isEmpty(), "nothing logged");
            }
        }
    }
}
