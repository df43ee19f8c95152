package io.jmlflow.integrations.xgboost;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code evalSet} returns, read as MLflow names the metrics. */
class EvalResultsTest {
    @Test
    void builtInMetricsOfEveryWatch() {
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("train-logloss", 0.5);
        expected.put("train-auc", 0.75);
        expected.put("my-validation-ndcg_at_3", 0.25);
        assertEquals(expected, EvalResults.parse("[3]\ttrain-logloss:0.5\ttrain-auc:0.75\tmy-validation-ndcg@3:0.25"));
    }

    @Test
    void aCustomEvaluationsTextHasNoRound() {
        assertEquals(Map.of("train-error-rate", 0.125), EvalResults.parse("\ttrain-error-rate:0.125000"));
    }

    @Test
    void valuesThatAreNotNumbersAreNaNAndBrokenTokensAreLeftOut() {
        Map<String, Double> parsed = EvalResults.parse("[0]\ttrain-rmse:nan\tbroken\t:1.0\tx-y:");
        assertEquals(1, parsed.size(), parsed.toString());
        assertTrue(parsed.get("train-rmse").isNaN());
        assertEquals(Map.of(), EvalResults.parse(null));
    }

    @Test
    void theMetricOfAWatchIsWhatFollowsItsName() {
        assertEquals("error-rate", EvalResults.metricOf("test-set-error-rate", "test-set"));
        assertNull(EvalResults.metricOf("train-logloss", "test"));
    }
}
