package io.jmlflow.integrations.dl4j.e2e;

import io.jmlflow.MlflowClient;
import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.AppClassPath;
import io.jmlflow.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
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
        // DL4J and the sample in the launcher's loader; the JVM's class path has the launcher only
        List<String> isolated = AppClassPath.libraries(getClass());
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess launcher = JavaProcess.main(IsolatedDl4jApp.class, "2", "32")
                .classpath(AppClassPath.testClasses(getClass()).toString())
                .jvmArg("-Disolated.class.path=" + String.join(File.pathSeparator, isolated))
                .workDir(dir)
                .env("OMP_NUM_THREADS", "1");
        JavaProcess.Result r = AgentJvm.traced(launcher, uri, null).run(240);
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
