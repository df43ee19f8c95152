package io.jmlflow.docs;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run-sample.sh tribuo|dl4j|xgboost|annotations}: each runs its sample under the agent into {@code ./mlflow.db}. */
class OtherSamplesTest {
    @ParameterizedTest
    @CsvSource({
            "tribuo, io.jmlflow.samples.tribuo.TribuoSample, k-means:, tribuo",
            "dl4j, io.jmlflow.samples.dl4j.IrisClassifier, accuracy after 30 epochs, dl4j",
            "xgboost, io.jmlflow.samples.xgboost.CreditDefault, validation accuracy, xgboost",
            "annotations, io.jmlflow.samples.QuickStart, trained: training accuracy, java_serialization"})
    void sampleRunsUnderTheAgentAndPythonFindsItsRunAndModel(String sample, String mainClass, String printed, String flavor) {
        SampleRuns.Sample s = SampleRuns.script(sample);
        String out = s.output().describe();
        assertTrue(s.output().stdout().contains("-javaagent:") && s.output().stdout().contains(mainClass), out);
        assertTrue(s.output().stdout().contains(printed), out);
        assertTrue(s.output().stderr().contains(") FINISHED: ") && s.output().stderr().contains("-> sqlite:///mlflow.db"), out);
        assertTrue(s.output().stdout().contains("run-sample.sh --ui"), out);
        JsonNode run = s.run().json();
        assertEquals("FINISHED", run.get("status").asText(), run.toString());
        assertTrue(run.get("params").size() > 0, run.toString());
        assertEquals(1, run.get("models").size(), run.toString());
        assertTrue(run.get("models").get(0).get("status").asText().contains("READY"), run.toString());
        assertTrue(run.get("models").get(0).get("flavors").toString().contains(flavor), run.toString());
    }
}
