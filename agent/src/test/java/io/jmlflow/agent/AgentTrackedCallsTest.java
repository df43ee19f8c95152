package io.jmlflow.agent;

import demo.TrackedFixture;
import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.MlflowClient;
import io.jmlflow.internal.annotations.TrackedCalls;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.SystemTags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The annotations' meaning through TrackedCalls' plain-Java entry points (what an AspectJ aspect calls), against
 * a file store.
 */
class AgentTrackedCallsTest {
    @TempDir
    Path dir;
    private MlflowClient client;
    private final TrackedFixture fixture = new TrackedFixture();

    @BeforeEach
    void store() {
        Mlflow.setTrackingUri("file:" + dir);
        client = new MlflowClient("file:" + dir);
    }

    @AfterEach
    void cleanUp() {
        while (Mlflow.activeRun() != null) Mlflow.endRun();
        TrackedCalls.setEnabled(true);
        client.close();
    }

    /** What a weaver does around one call; rethrows what the method threw. */
    private Object call(String name, Object... args) throws Throwable {
        Method m = find(name);
        Object token = TrackedCalls.onEnter(m, fixture, args);
        Object returned;
        try {
            returned = m.invoke(fixture, args);
        } catch (InvocationTargetException e) {
            TrackedCalls.onExit(token, null, e.getCause());
            throw e.getCause();
        }
        TrackedCalls.onExit(token, returned, null);
        return returned;
    }

    private static Method find(String name) {
        for (Method m : TrackedFixture.class.getDeclaredMethods()) if (m.getName().equals(name)) return m;
        throw new IllegalArgumentException(name);
    }

    private Run onlyRun(String experiment, String runName) {
        String id = client.getExperimentByName(experiment).orElseThrow().experimentId();
        List<Run> runs = client.searchRuns(List.of(id), "attributes.run_name = '" + runName + "'");
        assertEquals(1, runs.size(), runs.toString());
        return runs.get(0);
    }

    @Test
    void trackRunStartsANamedRunInItsExperimentWithParamsAndFields() throws Throwable {
        call("outer", Map.of("lr", 0.1, "layers", Map.of("n", 2)), 5);
        assertNull(Mlflow.activeRun(), "the run ended with the method");
        Run run = onlyRun("semantics", "outer");
        assertEquals(RunStatus.FINISHED, run.info().status());
        Map<String, String> params = run.data().params();
        assertEquals("0.1", params.get("cfg.lr"));
        assertEquals("2", params.get("cfg.layers.n"));
        assertEquals("team-a", params.get("owner"));
        assertEquals(3, params.size(), "neither the unannotated argument nor static fields: " + params);
    }

    @Test
    void trackRunInsideARunIsNestedAndTheOuterRunStaysOpenUntilItsMethodEnds() throws Throwable {
        Object outer = TrackedCalls.onEnter(find("outer"), fixture, new Object[]{Map.of(), 0});
        ActiveRun parent = Mlflow.activeRun();
        call("inner");
        assertSame(parent, Mlflow.activeRun());
        TrackedCalls.onExit(outer, null, null);

        Run inner = onlyRun("semantics", "inner");
        assertEquals(parent.runId(), inner.data().tags().get(SystemTags.PARENT_RUN_ID));
        assertEquals(RunStatus.FINISHED, client.getRun(parent.runId()).info().status());
    }

    @Test
    void aThrowingMethodEndsItsRunFailedAndTheExceptionIsUntouched() {
        Method outer = find("outer");
        Object token = TrackedCalls.onEnter(outer, fixture, new Object[]{Map.of(), 0});
        String runId = Mlflow.activeRun().runId();
        IllegalStateException boom = new IllegalStateException("boom");
        TrackedCalls.onExit(token, null, boom);
        assertEquals(RunStatus.FAILED, client.getRun(runId).info().status());
        assertEquals("boom", boom.getMessage());
        assertNull(boom.getCause());
        assertEquals(0, boom.getSuppressed().length);
    }

    @Test
    void metricsBuildHistoryFromTheStepParameterOrACallCounter() throws Throwable {
        Object outer = TrackedCalls.onEnter(find("outer"), fixture, new Object[]{Map.of(), 0});
        String runId = Mlflow.activeRun().runId();
        for (int epoch = 0; epoch < 3; epoch++) call("loss", epoch * 10);
        for (int i = 0; i < 3; i++) call("counted");
        call("eval");
        call("notANumber");
        TrackedCalls.onExit(outer, null, null);

        assertEquals(List.of(0L, 10L, 20L), steps(runId, "loss"));
        assertEquals(1.0 / 11, client.getMetricHistory(runId, "loss").get(1).value(), 1e-12);
        assertEquals(List.of(0L, 1L, 2L), steps(runId, "counted"));
        Run run = client.getRun(runId);
        assertEquals(0.9, run.data().metric("eval.acc"));
        assertNull(run.data().metric("eval.note"));
        assertNull(run.data().metric("notANumber"));
    }

    private List<Long> steps(String runId, String key) {
        return client.getMetricHistory(runId, key).stream().map(Metric::step).sorted().toList();
    }

    @Test
    void outsideAnyRunLoggingStartsOneAsMlflowDoes() throws Throwable {
        assertNull(Mlflow.activeRun());
        call("paramsOnly", 0.5);
        ActiveRun started = Mlflow.activeRun();
        assertTrue(started != null, "a run was started to log into");
        call("counted");
        Mlflow.endRun();
        Run run = client.getRun(started.runId());
        assertEquals("0.5", run.data().params().get("alpha"));
        assertEquals(3.0, run.data().metric("counted"));
    }

    @Test
    void logModelLogsTheReturnedObjectIntoTheRun() throws Throwable {
        Object outer = TrackedCalls.onEnter(find("outer"), fixture, new Object[]{Map.of(), 0});
        String runId = Mlflow.activeRun().runId();
        call("model");
        TrackedCalls.onExit(outer, null, null);
        Run run = client.getRun(runId);
        assertEquals(1, run.modelOutputs().size(), run.toString());
        assertEquals("clf", client.getLoggedModel(run.modelOutputs().get(0)).name());
    }

    @Test
    void weaversWithoutAMethodObjectGetTheSameTreatment() {
        Method outer = find("outer");
        String descriptor = MethodType.methodType(outer.getReturnType(), outer.getParameterTypes()).toMethodDescriptorString();
        Object token = TrackedCalls.onEnter(TrackedFixture.class, "outer" + descriptor, fixture, new Object[]{Map.of("x", 1), 0});
        String runId = Mlflow.activeRun().runId();
        TrackedCalls.onExit(token, null, null);
        assertEquals("1", client.getRun(runId).data().params().get("cfg.x"));
        assertNull(TrackedCalls.onEnter(TrackedFixture.class, "noSuchMethod()V", fixture, new Object[0]),
                "an unknown method is left alone, not thrown at");
    }

    @Test
    void switchedOffNothingIsLogged() throws Throwable {
        TrackedCalls.setEnabled(false);
        assertNull(TrackedCalls.onEnter(find("outer"), fixture, new Object[]{Map.of(), 0}));
        call("counted");
        assertNull(Mlflow.activeRun());
        assertFalse(client.getExperimentByName("semantics").isPresent());
    }

    @Test
    void exceptionsFromTheMethodPropagateThroughTheWeaverUnchanged() {
        TrackedFixture throwing = new TrackedFixture() {
            @Override
            public void inner() {
                throw new UnsupportedOperationException("original");
            }
        };
        Method inner = find("inner");
        Object token = TrackedCalls.onEnter(inner, throwing, new Object[0]);
        String runId = Mlflow.activeRun().runId();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, throwing::inner);
        TrackedCalls.onExit(token, null, e);
        assertEquals("original", e.getMessage());
        assertEquals(RunStatus.FAILED, client.getRun(runId).info().status());
    }
}
