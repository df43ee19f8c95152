package io.jmlflow.samples.aspectj;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.SystemTags;
import io.jmlflow.samples.aspectj.ltw.LoadTimeWovenTraining;
import io.jmlflow.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.jmlflow.samples.aspectj.CompileTimeWeavingTest.history;
import static io.jmlflow.samples.aspectj.CompileTimeWeavingTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A program compiled by javac, woven when loaded by AspectJ's weaver (not the jmlflow agent) per META-INF/aop.xml. */
class LoadTimeWeavingTest {
    @TempDir
    Path dir;

    private JavaProcess program(Path store) {
        return JavaProcess.main(LoadTimeWovenTraining.class.getName())
                .classpath(ChildJvms.testClasses() + File.pathSeparator + ChildJvms.runtimeClassPath())
                .env("MLFLOW_TRACKING_URI", "file:" + store.toAbsolutePath())
                .env("MLFLOW_DISABLE_TELEMETRY", "true");
    }

    @Test
    void aspectjWeaverAppliesTheAspectAtLoadTime() throws Exception {
        assertFalse(Arrays.stream(LoadTimeWovenTraining.Trainer.class.getDeclaredFields())
                .anyMatch(f -> f.getName().startsWith("ajc$")), "compiled without weaving");

        Path unwoven = dir.resolve("unwoven");
        JavaProcess.Result plain = program(unwoven).run(120);
        assertEquals(0, plain.exitCode(), plain.describe());
        assertFalse(Files.exists(unwoven), "without a weaver the annotations do nothing");

        Path store = dir.resolve("mlruns");
        JavaProcess.Result r = program(store).jvmArg("-javaagent:" + ChildJvms.testClassPathJar("aspectjweaver-")).run(120);
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(plain.stdout(), r.stdout());
        assertEquals("final loss=0.3333333333333333\ncaught: broken on purpose", r.stdout().trim());

        try (MlflowClient client = new MlflowClient("file:" + store)) {
            Run training = run(client, "aspectj-ltw", "ltw-training");
            assertEquals(RunStatus.FINISHED, training.info().status());
            assertEquals(Map.of("config.lr", "0.05", "config.epochs", "2", "model.kind", "linear", "optimizer", "sgd"),
                    training.data().params());
            assertEquals(List.of("0:0.5", "1:0.3333333333333333"), history(client, training.runId(), "loss"));

            Run validation = run(client, "aspectj-ltw", "ltw-validation");
            assertEquals(training.runId(), validation.data().tags().get(SystemTags.PARENT_RUN_ID));
            assertEquals(Map.of("folds", "3", "model.kind", "linear"), validation.data().params(),
                    "fields of the object count for every @TrackRun method called on it");

            Run broken = run(client, "aspectj-ltw", "ltw-broken");
            assertEquals(RunStatus.FAILED, broken.info().status());
            assertTrue(broken.data().tags().get(SystemTags.PARENT_RUN_ID) == null, "a top-level run");
        }
    }
}
