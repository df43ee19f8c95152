package io.jmlflow.internal.store.rest;

import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact requests the store sends and how it reads answers, checked on a scripted server. */
class RestWireFormatTest {
    private MockWebServer server;
    private RestStore store;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        store = RestStore.open(server.url("/mlflow-prefix/").toString(), RestSettings.defaults().withRetries(0, 0, 0));
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private RecordedRequest next() throws InterruptedException {
        return server.takeRequest(5, TimeUnit.SECONDS);
    }

    @Test
    void nonFiniteMetricsTravelAsProtobufJsonStrings() throws Exception {
        server.enqueue(new MockResponse().setBody("{}"));
        store.logBatch("r1", List.of(new Metric("a", Double.NaN, 1, 0), new Metric("b", Double.POSITIVE_INFINITY, 1, 0),
                new Metric("c", Double.NEGATIVE_INFINITY, 1, 0), new Metric("d", 0.5, 1, 2)), List.of(), List.of());
        RecordedRequest r = next();
        assertEquals("/mlflow-prefix/api/2.0/mlflow/runs/log-batch", r.getPath());
        assertEquals("application/json; charset=utf-8", r.getHeader("Content-Type"));
        String body = r.getBody().readUtf8();
        assertTrue(body.contains("\"value\":\"NaN\""), body);
        assertTrue(body.contains("\"value\":\"Infinity\""), body);
        assertTrue(body.contains("\"value\":\"-Infinity\""), body);
        assertTrue(body.contains("{\"key\":\"d\",\"value\":0.5,\"timestamp\":1,\"step\":2}"), body);
    }

    @Test
    void nonFiniteAnswersAndTheSqlEncodingOfInfinityAreRead() {
        server.enqueue(new MockResponse().setBody("{\"metrics\": [{\"key\": \"m\", \"value\": \"NaN\", \"timestamp\": 1},"
                + " {\"key\": \"m\", \"value\": \"-Infinity\", \"timestamp\": 2, \"step\": 1},"
                + " {\"key\": \"m\", \"value\": 1.7976931348623157e+308, \"timestamp\": 3, \"step\": \"2\"}]}"));
        List<Metric> h = store.getMetricHistory("r1", "m");
        assertTrue(Double.isNaN(h.get(0).value()));
        assertEquals(0, h.get(0).step());
        assertEquals(Double.NEGATIVE_INFINITY, h.get(1).value());
        assertEquals(Double.POSITIVE_INFINITY, h.get(2).value());
        assertEquals(2, h.get(2).step());
    }

    @Test
    void metricHistoryFollowsPageTokens() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"metrics\": [{\"key\": \"m\", \"value\": 1, \"timestamp\": 1,"
                + " \"step\": 0}], \"next_page_token\": \"tok2\"}"));
        server.enqueue(new MockResponse().setBody("{\"metrics\": [{\"key\": \"m\", \"value\": 2, \"timestamp\": 2,"
                + " \"step\": 1}]}"));
        assertEquals(List.of(new Metric("m", 1, 1, 0), new Metric("m", 2, 2, 1)), store.getMetricHistory("r 1", "m/x"));
        assertEquals("/mlflow-prefix/api/2.0/mlflow/metrics/get-history?run_id=r%201&metric_key=m%2Fx&max_results=25000",
                next().getPath());
        assertTrue(next().getPath().endsWith("&page_token=tok2"));
    }

    @Test
    void runsAreReadWithInputsAndOutputs() throws Exception {
        server.enqueue(new MockResponse().setBody("""
                {"runs": [{"info": {"run_uuid": "abc", "experiment_id": "1", "status": "KILLED", "start_time": 5,
                   "artifact_uri": "mlflow-artifacts:/1/abc/artifacts", "lifecycle_stage": "deleted"},
                  "data": {"params": [{"key": "p", "value": "1"}], "tags": [{"key": "t", "value": "v"}]},
                  "inputs": {"dataset_inputs": [{"tags": [{"key": "mlflow.data.context", "value": "eval"}],
                     "dataset": {"name": "d", "digest": "12", "source_type": "local", "source": "{}"}}]},
                  "outputs": {"model_outputs": [{"model_id": "m-1", "step": 0}]}}],
                 "next_page_token": "p2"}
                """));
        var page = store.searchRuns(List.of("1", "2"), "params.p = '1'", io.jmlflow.entities.ViewType.ALL, 5,
                List.of("start_time DESC"), null);
        Run run = page.items().get(0);
        assertEquals("abc", run.runId());
        assertEquals(io.jmlflow.entities.RunStatus.KILLED, run.info().status());
        assertEquals(null, run.info().endTime());
        assertEquals(io.jmlflow.entities.LifecycleStage.DELETED, run.info().lifecycleStage());
        assertEquals("eval", run.datasetInputs().get(0).tags().get("mlflow.data.context"));
        assertEquals(List.of("m-1"), run.modelOutputs());
        assertEquals("p2", page.nextPageToken());
        String body = next().getBody().readUtf8();
        assertEquals("{\"experiment_ids\":[\"1\",\"2\"],\"filter\":\"params.p = '1'\",\"run_view_type\":\"ALL\","
                + "\"max_results\":5,\"order_by\":[\"start_time DESC\"]}", body);
    }
}
