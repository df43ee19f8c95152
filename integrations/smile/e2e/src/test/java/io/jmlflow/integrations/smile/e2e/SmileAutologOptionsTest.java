package io.jmlflow.integrations.smile.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.samples.smile.BlobsRandomForest;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Smile's own option; those all integrations share are in {@link SmileBehaviorTest}. */
class SmileAutologOptionsTest {
    @TempDir
    Path dir;

    @Test
    void modelSignaturesCanBeTurnedOff() throws Exception {
        Path noSignature = dir.resolve("no-signature");
        SmileJvm.ok(SmileJvm.traced(BlobsRandomForest.class, "file:" + noSignature, "300", "5")
                .jvmArg("-Dmlflow.autolog.log.model.signatures=false"));
        JsonNode py = PythonMlflow.json("file:" + noSignature, dir, """
                import json, mlflow
                m = mlflow.search_logged_models(experiment_ids=["0"], output_format="list")[0]
                info = mlflow.models.get_model_info(f"models:/{m.model_id}")
                print(json.dumps({"signature": info.signature is not None, "flavors": list(info.flavors)}))
                """);
        assertFalse(py.get("signature").asBoolean());
        assertEquals("smile", py.get("flavors").get(0).asText());
    }
}
