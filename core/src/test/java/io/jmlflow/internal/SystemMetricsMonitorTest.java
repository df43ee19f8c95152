package io.jmlflow.internal;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.internal.session.RunStack;
import io.jmlflow.MlflowClient;
import io.jmlflow.MlflowConfig;
import io.jmlflow.RunOptions;
import io.jmlflow.RuntimeTestSupport;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** System metrics: sampled into the run while it is active, with MLflow's keys; the thread goes with the run. */
class SystemMetricsMonitorTest {
    static final List<String> KEYS = List.of("system/cpu_utilization_percentage", "system/system_memory_usage_megabytes",
            "system/system_memory_usage_percentage", "system/jvm_heap_used_megabytes", "system/jvm_gc_time_ms");

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        RuntimeTestSupport.resetMlflow();
        MlflowConfig.set("default.artifact.root", dir.resolve("mlruns").toString());
        Mlflow.setTrackingUri("sqlite:///" + dir.resolve("mlflow.db"));
        MlflowConfig.set(SystemMetricsMonitor.SAMPLING_INTERVAL, "0.2");
    }

    @AfterEach
    void tearDown() {
        RuntimeTestSupport.resetMlflow();
    }

    private static Set<String> monitorThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith(SystemMetricsMonitor.THREAD_PREFIX)).collect(Collectors.toSet());
    }

    private static void assertSampled(MlflowClient client, String runId) {
        for (String key : KEYS) {
            List<Metric> history = client.getMetricHistory(runId, key);
            assertTrue(history.size() >= 2, key + ": " + history);
            for (int i = 0; i < history.size(); i++) {
                assertEquals(i, history.get(i).step(), key + " steps are the sample index: " + history);
                assertTrue(history.get(i).value() >= 0, key + ": " + history);
            }
        }
        double percent = client.getMetricHistory(runId, "system/system_memory_usage_percentage").get(0).value();
        assertTrue(percent > 0 && percent <= 100, "memory percentage " + percent);
    }

    @Test
    void aRunWithSystemMetricsGetsPointsOfEveryKeyAndTheThreadEndsWithTheRun() throws Exception {
        String runId;
        try (ActiveRun run = Mlflow.startRun(RunOptions.named("monitored").logSystemMetrics(true))) {
            runId = run.runId();
            assertTrue(monitorThreads().contains(SystemMetricsMonitor.THREAD_PREFIX + runId));
            Thread.sleep(2000);
        }
        assertFalse(SystemMetricsMonitor.isMonitoring(runId));
        assertFalse(monitorThreads().contains(SystemMetricsMonitor.THREAD_PREFIX + runId), monitorThreads().toString());
        MlflowClient client = Mlflow.client();
        assertSampled(client, runId);
        // nothing is logged after the run ended
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String key : KEYS) counts.put(key, client.getMetricHistory(runId, key).size());
        Thread.sleep(600);
        Mlflow.flush();
        for (String key : KEYS) assertEquals(counts.get(key), client.getMetricHistory(runId, key).size(), key);
    }

    @Test
    void theGlobalSwitchAndItsConfigKeyTurnItOnForAllRunsAndOffAgain() throws Exception {
        try (ActiveRun plain = Mlflow.startRun("plain")) {
            assertFalse(SystemMetricsMonitor.isMonitoring(plain.runId()));
        }
        Mlflow.enableSystemMetricsLogging();
        String viaSwitch;
        try (ActiveRun run = Mlflow.startRun("switched-on")) {
            viaSwitch = run.runId();
            assertTrue(SystemMetricsMonitor.isMonitoring(viaSwitch));
            try (ActiveRun optedOut = Mlflow.startRun(RunOptions.named("opted-out").nested(true).logSystemMetrics(false))) {
                assertFalse(SystemMetricsMonitor.isMonitoring(optedOut.runId()));
            }
            Thread.sleep(1500);
        }
        assertSampled(Mlflow.client(), viaSwitch);
        Mlflow.disableSystemMetricsLogging();
        try (ActiveRun off = Mlflow.startRun("switched-off")) {
            assertFalse(SystemMetricsMonitor.isMonitoring(off.runId()));
        }
        MlflowConfig.set("enable.system.metrics.logging", "true"); // = MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING
        try (ActiveRun viaKey = Mlflow.startRun("via-key")) {
            assertTrue(SystemMetricsMonitor.isMonitoring(viaKey.runId()));
        }
        assertTrue(monitorThreads().isEmpty(), monitorThreads().toString());
    }

    @Test
    void endingTheRunFromAnotherThreadStopsTheMonitorToo() throws Exception {
        ActiveRun run = Mlflow.startRun(RunOptions.named("ended-elsewhere").logSystemMetrics(true));
        RunStack.detach(run);
        Thread t = new Thread(() -> run.end(io.jmlflow.entities.RunStatus.KILLED));
        t.start();
        t.join();
        assertFalse(SystemMetricsMonitor.isMonitoring(run.runId()));
        assertTrue(monitorThreads().isEmpty(), monitorThreads().toString());
        Run stored = Mlflow.client().getRun(run.runId());
        assertEquals(io.jmlflow.entities.RunStatus.KILLED, stored.info().status());
    }

    @Test
    void oneSampleHasMlflowsKeysAndSaneValues() {
        Map<String, Double> sample = SystemMetricsMonitor.sampleOnce();
        for (String key : KEYS) assertTrue(sample.containsKey(key.substring("system/".length())), sample.toString());
        assertTrue(sample.get("cpu_utilization_percentage") <= 100, sample.toString());
        assertTrue(sample.get("jvm_heap_used_megabytes") > 0, sample.toString());
    }

    @Test
    void nvidiaSmiLinesBecomeMlflowsGpuKeys() {
        Map<String, Double> out = new LinkedHashMap<>();
        SystemMetricsMonitor.Sampler.parseNvidiaSmi(List.of(
                "0, 37, 2048, 16384, 70.50, 250.00",
                "1, 0, 0, 8192, [N/A], [N/A]",
                "garbage"), out);
        assertEquals(37.0, out.get("gpu_0_utilization_percentage"));
        assertEquals(12.5, out.get("gpu_0_memory_usage_percentage"));
        assertEquals(2147.5, out.get("gpu_0_memory_usage_megabytes")); // 2048 MiB in MB, one decimal
        assertEquals(70.5, out.get("gpu_0_power_usage_watts"));
        assertEquals(28.2, out.get("gpu_0_power_usage_percentage"));
        assertEquals(0.0, out.get("gpu_1_memory_usage_percentage"));
        assertFalse(out.containsKey("gpu_1_power_usage_watts"));
        assertEquals(8, out.size(), out.toString());
    }
}
