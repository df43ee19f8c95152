package io.jmlflow.testing;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.FileInfo;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.ViewType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviours every autologging integration shares (MLflow's {@code test_autologging_behaviors_integration.py}),
 * each checked in real JVMs started with {@code -javaagent:mlflow-agent.jar} ({@link AgentJvm}) against the
 * integration's library. An integration's end-to-end module runs it with a
 * small subclass that names the integration and starts its <em>kit program</em>, a {@code main} that takes one
 * argument:
 * <ul>
 *   <li>{@code train}: trains one classifier and evaluates it once on held-out rows (model's predictions and the
 *       library's metric), printing a line that depends only on the trained model ({@code RESULT ...});</li>
 *   <li>{@code fail}: makes one training call that throws inside the library, catches the exception and prints
 *       {@code CAUGHT <exception> AT <top stack frame>};</li>
 *   <li>{@code user-run}: starts a run of its own ({@code Mlflow.startRun("user-run")}, in a class only that mode
 *       loads, since the program runs without jmlflow too), logs the param {@code user_param=1}, trains as in
 *       {@code train}, and ends the run.</li>
 * </ul>
 * Traced JVMs run under {@code -Djmlflow.testing.reraise=true}, so that a failure of autologging's own code fails the
 * test instead of becoming a warning; the broken-hook test alone runs without it.
 */
public abstract class AutologBehaviorKit {
    private static final Map<String, JavaProcess.Result> PLAIN = new ConcurrentHashMap<>();

    @TempDir
    protected Path dir;

    /** The integration's name, as in {@code autolog.<name>.enabled}. */
    protected abstract String integration();

    /**
     * A child JVM (without the agent) running the kit program with {@code mode}, usually
     * {@code AgentJvm.plain(getClass(), "<program class>", mode)}; the kit adds the agent and the options.
     */
    protected abstract JavaProcess program(String mode);

    /**
     * Whether a training logs plots (SVG artifacts). Integrations whose MLflow counterpart logs none and that could
     * only draw them from predictions the library does not keep (Spark: a job over the training data) say false.
     */
    protected boolean logsPlots() {
        return true;
    }

    /** {@code mode} under the agent ({@code agentArgs} after the jar, or null), logging to {@code trackingUri}. */
    protected JavaProcess traced(String mode, String trackingUri, String agentArgs) {
        return AgentJvm.traced(program(mode), trackingUri, agentArgs).workDir(dir);
    }

    private static JavaProcess.Result ok(JavaProcess p) {
        return AgentJvm.ok(p);
    }

    /** What the program prints without the agent (run once per mode and subclass). */
    protected JavaProcess.Result plain(String mode) {
        return PLAIN.computeIfAbsent(getClass().getName() + ":" + mode, k -> ok(program(mode).workDir(dir)));
    }

    private String store(String name) {
        return "file:" + dir.resolve(name);
    }

    /** The runs of the store's default experiment (none when nothing created the store). */
    protected static List<Run> runs(String uri) {
        if (uri.startsWith("file:") && !Files.exists(Paths.get(uri.substring("file:".length())))) return List.of();
        try (MlflowClient client = new MlflowClient(uri)) {
            return client.searchRuns(List.of("0"), "", ViewType.ALL, 1000, null, null).items();
        }
    }

    private static List<String> artifacts(MlflowClient client, Run run) {
        List<String> out = new ArrayList<>();
        for (FileInfo f : client.listArtifacts(run.runId(), null)) out.add(f.path());
        return out;
    }

    private static boolean hasMetricStartingWith(Run run, String prefix) {
        for (Metric m : run.data().metrics()) if (m.key().startsWith(prefix)) return true;
        return false;
    }

    /** Lines of {@code stderr} that are about jmlflow ("[mlflow]", "jmlflow", "io.jmlflow"). */
    private static List<String> ourLines(String stderr, String exceptLinesOf) {
        List<String> out = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            String l = line.toLowerCase();
            if ((l.contains("mlflow") || l.contains("jmlflow")) && !exceptLinesOf.contains(line)) out.add(line);
        }
        return out;
    }

    private static long linesContaining(String text, String part) {
        return text.lines().filter(l -> l.contains(part)).count();
    }

    @Test
    void aTrainingIsAutologgedToARealServerAndItsResultIsUnchanged() {
        String experiment = "kit-" + integration() + "-" + UUID.randomUUID();
        String uri = MlflowServer.shared().uri();
        JavaProcess.Result r = ok(traced("train", uri, null).env("MLFLOW_EXPERIMENT_NAME", experiment));
        assertEquals(plain("train").stdout(), r.stdout(), "the agent changes nothing the program computes");
        assertTrue(r.stdout().startsWith("RESULT "), r.stdout());
        try (MlflowClient client = new MlflowClient(uri)) {
            String id = client.getExperimentByName(experiment).orElseThrow().experimentId();
            List<Run> runs = client.searchRuns(List.of(id), "");
            assertEquals(1, runs.size(), runs.toString());
            Run run = runs.get(0);
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals(integration(), run.data().tags().get("mlflow.autologging"));
            assertNotNull(run.data().tags().get("estimator_class"), run.data().tags().toString());
            assertFalse(run.data().params().isEmpty());
            assertTrue(hasMetricStartingWith(run, "training_"), "training metrics: " + run.data().metrics());
            assertTrue(hasMetricStartingWith(run, "eval_"), "the program's evaluation: " + run.data().metrics());
            assertTrue(run.datasetInputs().stream().anyMatch(i -> "train".equals(i.tags().get("mlflow.data.context"))),
                    run.datasetInputs().toString());
            List<String> artifacts = artifacts(client, run);
            assertEquals(logsPlots(), artifacts.stream().anyMatch(a -> a.endsWith(".svg")), artifacts.toString());
            assertEquals(1, run.modelOutputs().size());
            assertEquals("READY", client.getLoggedModel(run.modelOutputs().get(0)).status().name());
        }
        String seen = PythonMlflow.run(uri, dir, "import mlflow\n"
                + "e = mlflow.get_experiment_by_name('" + experiment + "')\n"
                + "r = mlflow.search_runs([e.experiment_id], output_format='list')[0]\n"
                + "m = mlflow.search_logged_models(experiment_ids=[e.experiment_id], output_format='list')[0]\n"
                + "print(r.info.status, r.data.tags['mlflow.autologging'], m.source_run_id == r.info.run_id,"
                + " m.status)\n");
        assertEquals("FINISHED " + integration() + " True READY", seen.trim());
    }

    @Test
    void switchedOffTheLibraryTrainsAsWithoutTheAgentAndNothingIsLogged() {
        List<JavaProcess> off = List.of(
                traced("train", store("library-off"), null)
                        .jvmArg("-Dmlflow.autolog." + integration() + ".enabled=false"),
                traced("train", store("disabled"), null).env("MLFLOW_AUTOLOG_DISABLE", "true"));
        for (JavaProcess p : off) assertEquals(plain("train").stdout(), ok(p).stdout());
        assertEquals(List.of(), runs(store("library-off")));
        assertEquals(List.of(), runs(store("disabled")));
    }

    @Test
    void exclusiveLeavesTheUsersRunAloneWhichOtherwiseGetsTheTraining() {
        ok(traced("user-run", store("exclusive"), "autolog.exclusive=true"));
        List<Run> runs = runs(store("exclusive"));
        assertEquals(1, runs.size(), "no run of autologging's own either: " + runs);
        assertEquals("user-run", runs.get(0).info().runName());
        assertEquals(Map.of("user_param", "1"), runs.get(0).data().params());
        assertTrue(runs.get(0).modelOutputs().isEmpty());

        ok(traced("user-run", store("shared"), null));
        Run user = runs(store("shared")).stream().filter(x -> "user-run".equals(x.info().runName())).findFirst()
                .orElseThrow();
        assertEquals("1", user.data().params().get("user_param"));
        assertTrue(user.data().params().size() > 1, "the training's params went into the user's run: "
                + user.data().params());
        assertEquals(RunStatus.FINISHED, user.info().status());
    }

    @Test
    void silentKeepsJmlflowOutOfStderrButStillLogs() {
        JavaProcess.Result r = ok(traced("train", store("silent"), null).jvmArg("-Dmlflow.autolog.silent=true"));
        assertEquals(List.of(), ourLines(r.stderr(), plain("train").stderr()));
        assertEquals(1, runs(store("silent")).size(), "silent, not off");
    }

    @Test
    void withoutModelsPlotsDatasetsOrPostTrainingMetricsTheRunKeepsTheRest() {
        ok(traced("train", store("bare"), "autolog.log.models=false,autolog.log.plots=false")
                .jvmArg("-Dmlflow.autolog.log.datasets=false")
                .env("MLFLOW_AUTOLOG_LOG_POST_TRAINING_METRICS", "false"));
        List<Run> runs = runs(store("bare"));
        assertEquals(1, runs.size());
        Run run = runs.get(0);
        assertEquals(RunStatus.FINISHED, run.info().status());
        assertFalse(run.data().params().isEmpty());
        assertTrue(hasMetricStartingWith(run, "training_"), "training metrics stay: " + run.data().metrics());
        assertFalse(hasMetricStartingWith(run, "eval_"), run.data().metrics().toString());
        assertTrue(run.modelOutputs().isEmpty());
        assertTrue(run.datasetInputs().isEmpty(), run.datasetInputs().toString());
        try (MlflowClient client = new MlflowClient(store("bare"))) {
            assertTrue(client.searchLoggedModels(List.of("0"), null, 10, null).items().isEmpty());
            List<String> artifacts = artifacts(client, run);
            assertTrue(artifacts.stream().noneMatch(a -> a.endsWith(".svg")), artifacts.toString());
        }
    }

    @Test
    void aFailingTrainingEndsItsRunFailedAndTheLibrarysExceptionReachesTheProgramUnchanged() {
        JavaProcess.Result r = ok(traced("fail", store("failing"), null));
        assertTrue(r.stdout().startsWith("CAUGHT "), r.stdout());
        assertEquals(plain("fail").stdout(), r.stdout(), "same exception, same message, thrown from the same place");
        List<Run> runs = runs(store("failing"));
        assertEquals(1, runs.size(), runs.toString());
        assertEquals(RunStatus.FAILED, runs.get(0).info().status());
        assertTrue(runs.get(0).modelOutputs().isEmpty());
    }

    @Test
    void aBrokenHookNeverReachesTheProgramAndIsOneWarning() {
        for (String point : List.of("start", "end")) {
            JavaProcess p = traced("train", store("broken-" + point), null)
                    .jvmArg("-Djmlflow.testing.reraise=false")
                    .jvmArg("-Djmlflow.testing.fault=" + integration() + "@" + point);
            JavaProcess.Result r = ok(p);
            assertEquals(plain("train").stdout(), r.stdout(), point);
            assertEquals(1, linesContaining(r.stderr(), integration() + " autologging failed and is off"), r.stderr());
            assertTrue(r.stderr().contains("fault injected at " + point), r.stderr());
        }
        assertEquals(List.of(), runs(store("broken-start")), "the run never started");
    }

    @Test
    void underTestsABrokenHookFailsTheProgram() {
        JavaProcess.Result r = traced("train", store("reraised"), null)
                .jvmArg("-Djmlflow.testing.fault=" + integration() + "@start").run(300);
        assertNotEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("fault injected at start"), "every advice rethrows under tests: " + r.stderr());
    }

    @Test
    void anUnsupportedVersionSwitchesTheIntegrationOffUnlessAskedFor() {
        String pretend = "-Djmlflow.testing.version." + integration() + "=0.0.1";
        JavaProcess.Result r = ok(traced("train", store("unsupported"), null).jvmArg(pretend));
        assertEquals(plain("train").stdout(), r.stdout());
        assertEquals(1, linesContaining(r.stderr(), integration() + " autologging is off: "), r.stderr());
        assertTrue(r.stderr().contains(" 0.0.1 is not a version it supports"), r.stderr());
        assertEquals(List.of(), runs(store("unsupported")));

        JavaProcess.Result forced = ok(traced("train", store("forced"), null).jvmArg(pretend)
                .jvmArg("-Dmlflow.autolog." + integration() + ".unsupported.versions=true"));
        assertEquals(1, linesContaining(forced.stderr(), "which is not a version it supports"), forced.stderr());
        assertEquals(1, runs(store("forced")).size());
    }
}
