package io.jmlflow.integrations.dl4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Dl4jSettingsTest {
    @AfterEach
    void clear() {
        System.clearProperty("mlflow.autolog.dl4j.log.every.n.iterations");
        System.clearProperty("mlflow.autolog.dl4j.log.evaluation");
        System.clearProperty("mlflow.autolog.dl4j.evaluation.max.examples");
    }

    @Test
    void defaults() {
        Dl4jSettings s = Dl4jSettings.read();
        assertEquals(10, s.logEveryNIterations());
        assertTrue(s.logEvaluation());
        assertEquals(10_000, s.evaluationMaxExamples());
        assertEquals(10_000, s.earlyLoggingMinEpochMillis());
    }

    @Test
    void readsTheConfiguredValuesAndIgnoresNonsense() {
        System.setProperty("mlflow.autolog.dl4j.log.every.n.iterations", "50");
        System.setProperty("mlflow.autolog.dl4j.log.evaluation", "false");
        System.setProperty("mlflow.autolog.dl4j.evaluation.max.examples", "500");
        Dl4jSettings s = Dl4jSettings.read();
        assertEquals(50, s.logEveryNIterations());
        assertFalse(s.logEvaluation());
        assertEquals(500, s.evaluationMaxExamples());

        System.setProperty("mlflow.autolog.dl4j.log.every.n.iterations", "0");
        assertEquals(1, Dl4jSettings.read().logEveryNIterations(), "at least every iteration");
        System.setProperty("mlflow.autolog.dl4j.log.every.n.iterations", "often");
        assertEquals(10, Dl4jSettings.read().logEveryNIterations(), "unparseable: the default");
    }
}
