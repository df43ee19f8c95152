package io.jmlflow.agent;

import io.jmlflow.ActiveRun;
import io.jmlflow.AutologOptions;
import io.jmlflow.Mlflow;
import io.jmlflow.MlflowClient;
import io.jmlflow.internal.autolog.AutologRun;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.SystemTags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Autologging options (one naming scheme) and the run rules integrations follow (AutologRun). */
class AgentAutologTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        while (Mlflow.activeRun() != null) Mlflow.endRun();
        AutologState.resetForTesting();
        System.clearProperty("mlflow.autolog.log.models");
        System.clearProperty("mlflow.autolog.exclusive");
        System.clearProperty("mlflow.autolog.smile.enabled");
    }

    @Test
    void optionsComeFromConfigurationAndCanBeOverridden() {
        AutologOptions defaults = AutologOptions.create();
        assertTrue(defaults.logModels());
        assertFalse(defaults.logInputExamples());
        assertTrue(defaults.logModelSignatures());
        assertFalse(defaults.exclusive());
        assertTrue(defaults.isEnabled("smile"));

        System.setProperty("mlflow.autolog.log.models", "false");
        System.setProperty("mlflow.autolog.exclusive", "true");
        System.setProperty("mlflow.autolog.smile.enabled", "false");
        AutologOptions configured = AutologOptions.create();
        assertFalse(configured.logModels());
        assertTrue(configured.exclusive());
        assertFalse(configured.isEnabled("smile"));
        assertTrue(configured.isEnabled("tribuo"));

        AutologOptions overridden = AutologOptions.create().logModels(true).library("smile", true).library("DL4J", false);
        assertTrue(overridden.logModels());
        assertTrue(overridden.isEnabled("smile"));
        assertFalse(overridden.isEnabled("dl4j"));
        assertFalse(overridden.disable(true).isEnabled("smile"), "disable turns every library off");
    }

    @Test
    void withNoActiveRunAutologgingStartsOneAndEndsIt() {
        Mlflow.setTrackingUri("file:" + dir);
        AutologRun scope = AutologRun.begin("smile", "RandomForest");
        assertNotNull(scope);
        assertTrue(scope.owned());
        String runId = scope.run().runId();
        scope.end(null);
        assertNull(Mlflow.activeRun());
        try (MlflowClient client = new MlflowClient("file:" + dir)) {
            var run = client.getRun(runId);
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals("RandomForest", run.info().runName());
            assertEquals("smile", run.data().tags().get(SystemTags.AUTOLOGGING));
        }
    }

    @Test
    void failedTrainingEndsTheAutologRunFailed() {
        Mlflow.setTrackingUri("file:" + dir);
        AutologRun scope = AutologRun.begin("smile", "fit");
        String runId = scope.run().runId();
        scope.end(new RuntimeException("training failed"));
        try (MlflowClient client = new MlflowClient("file:" + dir)) {
            assertEquals(RunStatus.FAILED, client.getRun(runId).info().status());
        }
    }

    @Test
    void insideAUserRunAutologgingLogsThereAndLeavesItOpen() {
        Mlflow.setTrackingUri("file:" + dir);
        ActiveRun user = Mlflow.startRun("mine");
        AutologRun scope = AutologRun.begin("smile", "fit");
        assertFalse(scope.owned());
        assertSame(user, scope.run());
        scope.end(null);
        assertSame(user, Mlflow.activeRun());
        assertFalse(user.isEnded());
    }

    @Test
    void exclusiveKeepsAutologgingOutOfUserRuns() {
        Mlflow.setTrackingUri("file:" + dir);
        AutologState.configure(AutologOptions.create().exclusive(true));
        Mlflow.startRun("mine");
        assertNull(AutologRun.begin("smile", "fit"));
        Mlflow.endRun();
        AutologRun own = AutologRun.begin("smile", "fit");
        assertNotNull(own, "with no user run, exclusive autologging still logs");
        own.end(null);
    }

    @Test
    void disabledLibrariesAreNotLogged() {
        Mlflow.setTrackingUri("file:" + dir);
        AutologState.configure(AutologOptions.create().library("smile", false));
        assertNull(AutologRun.begin("smile", "fit"));
        assertNull(Mlflow.activeRun());
    }
}
