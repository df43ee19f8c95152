package io.jmlflow.internal.store;

import io.jmlflow.MlflowException;
import io.jmlflow.internal.artifacts.ArtifactRepository;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.FileInfo;
import io.jmlflow.entities.LifecycleStage;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Page;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.entities.ViewType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every {@link TrackingStore} shares, as the real MLflow stores behave. Each store's test class
 * extends this one; experiment names are unique per test so a shared server is fine.
 */
public abstract class TrackingStoreContractTest {
    @TempDir
    protected Path tempDir;
    protected TrackingStore store;

    /** A fresh store rooted in {@code tempDir} (or a shared server). */
    protected abstract TrackingStore newStore(Path tempDir) throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore(tempDir);
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected Run newRun(String experimentId, String name) {
        return store.createRun(experimentId, "tester", System.currentTimeMillis(),
                List.of(new Tag("mlflow.user", "tester")), name);
    }

    @Test
    void experimentsCreateGetByNameAndDuplicates() {
        String name = unique("exp");
        String id = store.createExperiment(name, null, List.of(new Tag("team", "ml")));
        Experiment e = store.getExperiment(id);
        assertEquals(name, e.name());
        assertEquals(LifecycleStage.ACTIVE, e.lifecycleStage());
        assertEquals("ml", e.tags().get("team"));
        assertNotNull(e.artifactLocation());
        assertEquals(id, store.getExperimentByName(name).experimentId());
        assertNull(store.getExperimentByName(unique("missing")));
        MlflowException dup = assertThrows(MlflowException.class, () -> store.createExperiment(name, null, List.of()));
        assertEquals(MlflowException.RESOURCE_ALREADY_EXISTS, dup.errorCode());
        MlflowException missing = assertThrows(MlflowException.class, () -> store.getExperiment("987654321"));
        assertEquals(MlflowException.RESOURCE_DOES_NOT_EXIST, missing.errorCode());
    }

    @Test
    void defaultExperimentExists() {
        Experiment def = store.getExperiment("0");
        assertEquals("Default", def.name());
    }

    @Test
    void experimentDeleteRestoreRenameAndTags() {
        String name = unique("exp");
        String id = store.createExperiment(name, null, List.of());
        store.setExperimentTag(id, new Tag("k", "v"));
        assertEquals("v", store.getExperiment(id).tags().get("k"));
        store.deleteExperiment(id);
        assertEquals(LifecycleStage.DELETED, store.getExperiment(id).lifecycleStage());
        assertFalse(searchAllExperiments(ViewType.ACTIVE_ONLY).contains(id));
        assertTrue(searchAllExperiments(ViewType.DELETED_ONLY).contains(id));
        store.restoreExperiment(id);
        assertEquals(LifecycleStage.ACTIVE, store.getExperiment(id).lifecycleStage());
        String renamed = unique("renamed");
        store.renameExperiment(id, renamed);
        assertEquals(renamed, store.getExperiment(id).name());
        assertEquals(id, store.getExperimentByName(renamed).experimentId());
    }

    private Set<String> searchAllExperiments(ViewType viewType) {
        Set<String> ids = new HashSet<>();
        String token = null;
        do {
            Page<Experiment> page = store.searchExperiments(viewType, 100, null, null, token);
            page.items().forEach(e -> ids.add(e.experimentId()));
            token = page.nextPageToken();
        } while (token != null);
        return ids;
    }

    @Test
    void searchExperimentsByNameAndTag() {
        String prefix = unique("searchexp");
        String a = store.createExperiment(prefix + "-a", null, List.of(new Tag("stage", "dev")));
        String b = store.createExperiment(prefix + "-b", null, List.of(new Tag("stage", "prod")));
        Page<Experiment> byName = store.searchExperiments(ViewType.ACTIVE_ONLY, 100,
                "name LIKE '" + prefix + "%'", List.of("name DESC"), null);
        assertEquals(List.of(b, a), byName.items().stream().map(Experiment::experimentId).toList());
        Page<Experiment> byTag = store.searchExperiments(ViewType.ACTIVE_ONLY, 100,
                "name LIKE '" + prefix + "%' and tags.stage = 'prod'", null, null);
        assertEquals(List.of(b), byTag.items().stream().map(Experiment::experimentId).toList());
    }

    @Test
    void runLifecycleParamsMetricsTags() {
        String exp = store.createExperiment(unique("runs"), null, List.of());
        Run run = newRun(exp, "first-run");
        String id = run.info().runId();
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        assertEquals(RunStatus.RUNNING, run.info().status());
        assertEquals("first-run", run.info().runName());
        assertEquals(exp, run.info().experimentId());
        assertNotNull(run.info().artifactUri());
        assertEquals(store.getRun(id), run, "the created run is what the store reads back");
        Run unnamed = store.createRun(exp, null, 5L, List.of(new Tag("empty", "")), null);
        assertEquals(store.getRun(unnamed.info().runId()), unnamed, "also with a generated name and no user");

        long t = System.currentTimeMillis();
        store.logBatch(id, List.of(new Metric("loss", 0.9, t, 0), new Metric("loss", 0.5, t + 1, 1),
                        new Metric("loss", 0.25, t + 2, 2), new Metric("acc", 0.75, t, 0)),
                List.of(new Param("lr", "0.01"), new Param("trees", "100")),
                List.of(new Tag("team", "ml"), new Tag("nested/key", "x")));
        Run got = store.getRun(id);
        assertEquals(0.25, got.data().metric("loss"));
        assertEquals(0.75, got.data().metric("acc"));
        assertEquals("0.01", got.data().params().get("lr"));
        assertEquals("100", got.data().params().get("trees"));
        assertEquals("ml", got.data().tags().get("team"));
        assertEquals("x", got.data().tags().get("nested/key"));
        assertEquals("first-run", got.data().tags().get("mlflow.runName"));

        List<Metric> history = new ArrayList<>(store.getMetricHistory(id, "loss"));
        history.sort((a, b) -> Long.compare(a.step(), b.step()));
        assertEquals(3, history.size());
        assertEquals(List.of(0L, 1L, 2L), history.stream().map(Metric::step).toList());
        assertEquals(List.of(0.9, 0.5, 0.25), history.stream().map(Metric::value).toList());
        assertEquals(t + 1, history.get(1).timestamp());

        store.updateRunInfo(id, RunStatus.FINISHED, t + 100, null);
        Run ended = store.getRun(id);
        assertEquals(RunStatus.FINISHED, ended.info().status());
        assertEquals(Long.valueOf(t + 100), ended.info().endTime());

        store.deleteTag(id, "team");
        assertFalse(store.getRun(id).data().tags().containsKey("team"));
    }

    @Test
    void latestMetricIsTheHighestStep() {
        String exp = store.createExperiment(unique("latest"), null, List.of());
        String id = newRun(exp, "r").info().runId();
        long t = System.currentTimeMillis();
        store.logBatch(id, List.of(new Metric("m", 5.0, t + 10, 5), new Metric("m", 1.0, t + 20, 1)), List.of(), List.of());
        assertEquals(5.0, store.getRun(id).data().metric("m"));
    }

    @Test
    void nonFiniteMetricValuesRoundTrip() {
        String exp = store.createExperiment(unique("nan"), null, List.of());
        String id = newRun(exp, "r").info().runId();
        long t = System.currentTimeMillis();
        store.logBatch(id, List.of(new Metric("nan", Double.NaN, t, 0), new Metric("pinf", Double.POSITIVE_INFINITY, t, 0),
                new Metric("ninf", Double.NEGATIVE_INFINITY, t, 0)), List.of(), List.of());
        assertTrue(Double.isNaN(store.getMetricHistory(id, "nan").get(0).value()));
        assertEquals(Double.POSITIVE_INFINITY, store.getMetricHistory(id, "pinf").get(0).value());
        assertEquals(Double.NEGATIVE_INFINITY, store.getMetricHistory(id, "ninf").get(0).value());
    }

    @Test
    void paramCannotChangeWithinARun() {
        String exp = store.createExperiment(unique("params"), null, List.of());
        String id = newRun(exp, "r").info().runId();
        store.logBatch(id, List.of(), List.of(new Param("lr", "0.1")), List.of());
        store.logBatch(id, List.of(), List.of(new Param("lr", "0.1")), List.of()); // same value: fine
        MlflowException e = assertThrows(MlflowException.class,
                () -> store.logBatch(id, List.of(), List.of(new Param("lr", "0.2")), List.of()));
        assertEquals(MlflowException.INVALID_PARAMETER_VALUE, e.errorCode());
        assertEquals("0.1", store.getRun(id).data().params().get("lr"));
    }

    @Test
    void runDeleteAndRestore() {
        String exp = store.createExperiment(unique("del"), null, List.of());
        String id = newRun(exp, "r").info().runId();
        store.deleteRun(id);
        assertEquals(LifecycleStage.DELETED, store.getRun(id).info().lifecycleStage());
        assertTrue(store.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 100, null, null).items().isEmpty());
        assertEquals(1, store.searchRuns(List.of(exp), null, ViewType.DELETED_ONLY, 100, null, null).items().size());
        store.restoreRun(id);
        assertEquals(LifecycleStage.ACTIVE, store.getRun(id).info().lifecycleStage());
    }

    @Test
    void missingRunIsResourceDoesNotExist() {
        MlflowException e = assertThrows(MlflowException.class, () -> store.getRun("0123456789abcdef0123456789abcdef"));
        assertEquals(MlflowException.RESOURCE_DOES_NOT_EXIST, e.errorCode());
    }

    @Test
    void searchRunsFilterOrderAndPaging() {
        String exp = store.createExperiment(unique("search"), null, List.of());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = store.createRun(exp, "tester", 1_000_000L + i, List.of(), "run-" + i).info().runId();
            store.logBatch(id, List.of(new Metric("acc", i / 10.0, 1, 0)),
                    List.of(new Param("model", i % 2 == 0 ? "rf" : "gbt")), List.of(new Tag("idx", "" + i)));
            if (i == 4) store.updateRunInfo(id, RunStatus.FAILED, 2_000_000L, null);
            ids.add(id);
        }
        Page<Run> good = store.searchRuns(List.of(exp), "metrics.acc >= 0.2 and params.model = 'rf'",
                ViewType.ACTIVE_ONLY, 100, List.of("metrics.acc DESC"), null);
        assertEquals(List.of(ids.get(4), ids.get(2)), good.items().stream().map(Run::runId).toList());

        Page<Run> failed = store.searchRuns(List.of(exp), "attributes.status = 'FAILED'", ViewType.ACTIVE_ONLY, 100,
                null, null);
        assertEquals(List.of(ids.get(4)), failed.items().stream().map(Run::runId).toList());

        Page<Run> byName = store.searchRuns(List.of(exp), "tags.`mlflow.runName` = 'run-3'", ViewType.ACTIVE_ONLY, 100,
                null, null);
        assertEquals(List.of(ids.get(3)), byName.items().stream().map(Run::runId).toList());

        // default order: newest start_time first; pages of 2
        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<Run> p = store.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 2, null, token);
            p.items().forEach(r -> paged.add(r.runId()));
            token = p.nextPageToken();
            pages++;
        } while (token != null);
        assertEquals(3, pages);
        List<String> expected = new ArrayList<>(ids);
        java.util.Collections.reverse(expected);
        assertEquals(expected, paged);
    }

    @Test
    void nestedRunsCarryTheParentTag() {
        String exp = store.createExperiment(unique("nested"), null, List.of());
        String parent = newRun(exp, "parent").info().runId();
        String child = store.createRun(exp, "tester", System.currentTimeMillis(),
                List.of(new Tag("mlflow.parentRunId", parent)), "child").info().runId();
        Page<Run> children = store.searchRuns(List.of(exp), "tags.mlflow.parentRunId = '" + parent + "'",
                ViewType.ACTIVE_ONLY, 10, null, null);
        assertEquals(List.of(child), children.items().stream().map(Run::runId).toList());
    }

    @Test
    void artifactsLogListDownload() throws Exception {
        String exp = store.createExperiment(unique("art"), null, List.of());
        Run run = newRun(exp, "r");
        Path file = tempDir.resolve("notes.txt");
        Files.writeString(file, "hello artifacts");
        ArtifactRepository repo = store.artifactRepository(run.info().artifactUri());
        repo.logArtifact(file, "docs");
        List<FileInfo> root = repo.listArtifacts(null);
        assertEquals(List.of("docs"), root.stream().map(FileInfo::path).toList());
        assertTrue(root.get(0).isDir());
        List<FileInfo> docs = repo.listArtifacts("docs");
        assertEquals("docs/notes.txt", docs.get(0).path());
        assertEquals(Long.valueOf(15), docs.get(0).fileSize());
        Path dest = Files.createDirectories(tempDir.resolve("download"));
        Path got = repo.downloadArtifacts("docs/notes.txt", dest);
        assertEquals("hello artifacts", Files.readString(got));
        assertThrows(IllegalArgumentException.class, () -> repo.logArtifact(file, "../escape"));
    }

    @Test
    void loggedModelLifecycle() throws Exception {
        String exp = store.createExperiment(unique("models"), null, List.of());
        String runId = newRun(exp, "r").info().runId();
        LoggedModel m = store.createLoggedModel(exp, "model", runId, List.of(new Tag("flavor", "test")),
                List.of(new Param("trees", "10")), "smile");
        assertTrue(m.modelId().startsWith("m-"), m.modelId());
        assertEquals(LoggedModelStatus.PENDING, m.status());
        assertEquals(runId, m.sourceRunId());
        assertEquals(store.getLoggedModel(m.modelId()), m, "the created model is what the store reads back");
        Path file = tempDir.resolve("MLmodel");
        Files.writeString(file, "artifact_path: model\n");
        store.artifactRepository(m.artifactLocation()).logArtifact(file, null);
        LoggedModel ready = store.finalizeLoggedModel(m.modelId(), LoggedModelStatus.READY);
        assertEquals(store.getLoggedModel(m.modelId()), ready, "the finalized model is what the store reads back");
        store.logOutputs(runId, List.of(m.modelId()));
        store.logModelMetrics(m.modelId(), runId, List.of(new Metric("eval_accuracy", 0.9, 1, 0)));

        LoggedModel got = store.getLoggedModel(m.modelId());
        assertEquals(LoggedModelStatus.READY, got.status());
        assertEquals("model", got.name());
        assertEquals("10", got.params().get("trees"));
        assertEquals("test", got.tags().get("flavor"));
        assertEquals(0.9, got.metrics().stream().filter(x -> x.key().equals("eval_accuracy")).findFirst()
                .orElseThrow().value());
        assertEquals(List.of(m.modelId()), store.getRun(runId).modelOutputs());
        Page<LoggedModel> found = store.searchLoggedModels(List.of(exp), null, 10, null);
        assertEquals(List.of(m.modelId()), found.items().stream().map(LoggedModel::modelId).toList());
        assertEquals(List.of("MLmodel"), store.artifactRepository(got.artifactLocation()).listArtifacts(null).stream()
                .map(FileInfo::path).toList());
    }
}
