package io.jmlflow.internal.store.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.MlflowException;
import io.jmlflow.internal.artifacts.ArtifactRepository;
import io.jmlflow.entities.Dataset;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.FileInfo;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.ModelVersion;
import io.jmlflow.entities.Page;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.entities.ViewType;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST store against the real MLflow server, read back by the real Python client. */
class RestStoreServerTest {
    private static MlflowServer server;
    private static RestStore store;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() {
        server = MlflowServer.shared();
        store = RestStore.open(server.uri(), RestSettings.defaults().withRetries(3, 1, 0.5));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void runsParamsMetricsTagsAndNestingRoundTrip() {
        String exp = store.createExperiment(unique("rest-roundtrip"), null, List.of(new Tag("team", "ml")));
        assertTrue(store.getExperiment(exp).artifactLocation().startsWith("mlflow-artifacts:/"));
        Run parent = store.createRun(exp, "alice", 1000, List.of(new Tag("mlflow.user", "alice")), "parent");
        String pid = parent.runId();
        Run child = store.createRun(exp, "alice", 2000, List.of(new Tag("mlflow.parentRunId", pid)), "child");

        // more than one request's worth of everything: the store must split within the server's limits
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < 2500; i++) metrics.add(new Metric("loss", 1.0 / (i + 1), 10_000L + i, i));
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < 150; i++) params.add(new Param("p" + i, "v" + i));
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < 120; i++) tags.add(new Tag("t" + i, "w" + i));
        store.logBatch(pid, metrics, params, tags);

        Run got = store.getRun(pid);
        assertEquals(150, got.data().params().size());
        assertEquals("v149", got.data().params().get("p149"));
        assertEquals("w119", got.data().tags().get("t119"));
        assertEquals("parent", got.data().tags().get("mlflow.runName"));
        assertEquals(1.0 / 2500, got.data().metric("loss"));
        List<Metric> history = store.getMetricHistory(pid, "loss");
        assertEquals(2500, history.size());
        assertEquals(metrics, history.stream().sorted((a, b) -> Long.compare(a.step(), b.step())).toList());

        store.updateRunInfo(pid, RunStatus.FINISHED, 5000L, "renamed-parent");
        Run ended = store.getRun(pid);
        assertEquals(RunStatus.FINISHED, ended.info().status());
        assertEquals(Long.valueOf(5000), ended.info().endTime());
        assertEquals("renamed-parent", ended.info().runName());

        store.deleteTag(pid, "t0");
        assertFalse(store.getRun(pid).data().tags().containsKey("t0"));

        Page<Run> children = store.searchRuns(List.of(exp), "tags.mlflow.parentRunId = '" + pid + "'",
                ViewType.ACTIVE_ONLY, 10, null, null);
        assertEquals(List.of(child.runId()), children.items().stream().map(Run::runId).toList());

        store.logInputs(child.runId(), List.of(new DatasetInput(new Dataset("iris", "abc123", "local",
                "{\"uri\": \"iris.csv\"}", null, null), Map.of("mlflow.data.context", "train"))));
        Run withInput = store.getRun(child.runId());
        assertEquals("iris", withInput.datasetInputs().get(0).dataset().name());
        assertEquals("train", withInput.datasetInputs().get(0).tags().get("mlflow.data.context"));
    }

    @Test
    void searchPagesWithSmallPages() {
        String exp = store.createExperiment(unique("rest-paging"), null, List.of());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) ids.add(store.createRun(exp, "u", 1_000L + i, List.of(), "r" + i).runId());
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<Run> page = store.searchRuns(List.of(exp), null, ViewType.ALL, 3, List.of("attributes.start_time ASC"),
                    token);
            page.items().forEach(r -> seen.add(r.runId()));
            token = page.nextPageToken();
            pages++;
        } while (token != null);
        assertEquals(ids, seen);
        assertEquals(3, pages);
    }

    @Test
    void resendingABatchAfterATimeoutDoesNotDuplicate() {
        String exp = store.createExperiment(unique("rest-idempotent"), null, List.of());
        String run = store.createRun(exp, "u", 1, List.of(), "r").runId();
        List<Metric> ms = List.of(new Metric("acc", 0.5, 100, 0), new Metric("acc", 0.6, 200, 1),
                new Metric("nan", Double.NaN, 100, 0));
        List<Param> ps = List.of(new Param("lr", "0.1"));
        List<Tag> ts = List.of(new Tag("stage", "a"));
        store.logBatch(run, ms, ps, ts);
        store.logBatch(run, ms, ps, ts); // what a retry after a lost answer sends
        assertEquals(2, store.getMetricHistory(run, "acc").size());
        assertEquals(1, store.getMetricHistory(run, "nan").size());
        assertTrue(Double.isNaN(store.getMetricHistory(run, "nan").get(0).value()));
        assertEquals("0.1", store.getRun(run).data().params().get("lr"));
    }

    @Test
    void errorsCarryTheServersCodeAndMessage() {
        MlflowException missing = assertThrows(MlflowException.class,
                () -> store.getRun("0123456789abcdef0123456789abcdef"));
        assertEquals(MlflowException.RESOURCE_DOES_NOT_EXIST, missing.errorCode());
        assertTrue(missing.getMessage().contains("0123456789abcdef0123456789abcdef"), missing.getMessage());
        String name = unique("rest-dup");
        store.createExperiment(name, null, List.of());
        assertEquals(MlflowException.RESOURCE_ALREADY_EXISTS,
                assertThrows(MlflowException.class, () -> store.createExperiment(name, null, List.of())).errorCode());
        assertNull(store.getExperimentByName(unique("rest-none")));
    }

    @Test
    void hundredMegabyteArtifactStreamsThroughTheServerInASmallHeap() throws Exception {
        String exp = store.createExperiment(unique("rest-big"), null, List.of());
        Run run = store.createRun(exp, "u", 1, List.of(), "big");
        Path file = tmp.resolve("weights.bin");
        String sha = writePseudoRandom(file, 100L * 1024 * 1024);
        Path downloads = Files.createDirectories(tmp.resolve("down"));

        // A child JVM with a 48 MB heap uploads and downloads the 100 MB file: only streaming can do that.
        JavaProcess.Result r = JavaProcess.main(RestArtifactTransferProbe.class, server.uri(),
                        run.info().artifactUri(), file.toString(), "blobs", downloads.toString())
                .jvmArg("-Xmx48m").run(600);
        assertEquals(0, r.exitCode(), r.describe());

        Path got = downloads.resolve("weights.bin");
        assertEquals(Files.size(file), Files.size(got));
        assertEquals(sha, sha256(got));
        List<FileInfo> listing = store.artifactRepository(run.info().artifactUri()).listArtifacts("blobs");
        assertEquals(List.of(new FileInfo("blobs/weights.bin", false, 100L * 1024 * 1024)), listing);
        Path onServer = server.artifactsDir().resolve(exp).resolve(run.runId()).resolve("artifacts/blobs/weights.bin");
        assertEquals(sha, sha256(onServer));
    }

    @Test
    void artifactDirectoriesAndOddNamesRoundTrip() throws Exception {
        String exp = store.createExperiment(unique("rest-art"), null, List.of());
        Run run = store.createRun(exp, "u", 1, List.of(), "art");
        Path src = Files.createDirectories(tmp.resolve("src/sub dir"));
        Files.writeString(tmp.resolve("src/a.txt"), "A");
        Files.writeString(src.resolve("b %+?.txt"), "B");
        ArtifactRepository repo = store.artifactRepository(run.info().artifactUri());
        repo.logArtifacts(tmp.resolve("src"), "tree");
        assertEquals(List.of(new FileInfo("tree/a.txt", false, 1L), new FileInfo("tree/sub dir", true, null)),
                repo.listArtifacts("tree"));
        Path whole = repo.downloadArtifacts(null, Files.createDirectories(tmp.resolve("all")));
        assertEquals("B", Files.readString(whole.resolve("tree/sub dir/b %+?.txt")));
        Path dir = repo.downloadArtifacts("tree/sub dir", Files.createDirectories(tmp.resolve("one")));
        assertEquals("B", Files.readString(dir.resolve("b %+?.txt")));
        assertEquals(List.of(), repo.listArtifacts("tree/a.txt"));
        MlflowException gone = assertThrows(MlflowException.class,
                () -> repo.downloadArtifacts("tree/missing.txt", tmp));
        assertEquals(MlflowException.RESOURCE_DOES_NOT_EXIST, gone.errorCode());

        // the resolved http form of the same location reaches the same files
        String http = server.uri() + "/api/2.0/mlflow-artifacts/artifacts/"
                + run.info().artifactUri().substring("mlflow-artifacts:/".length());
        assertEquals(repo.listArtifacts("tree"), store.artifactRepository(http).listArtifacts("tree"));
    }

    @Test
    void loggedModelWithFilesAndRegistryAlias() throws Exception {
        String exp = store.createExperiment(unique("rest-model"), null, List.of());
        String run = store.createRun(exp, "u", 1, List.of(), "train").runId();
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < 130; i++) params.add(new Param("hp" + i, Integer.toString(i)));
        LoggedModel m = store.createLoggedModel(exp, "forest", run, List.of(new Tag("flavor", "smile")), params,
                "smile");
        assertEquals(LoggedModelStatus.PENDING, m.status());
        assertEquals(130, m.params().size());
        assertTrue(m.artifactLocation().startsWith("mlflow-artifacts:/"), m.artifactLocation());

        Path dir = Files.createDirectories(tmp.resolve("model/data"));
        Files.writeString(tmp.resolve("model/MLmodel"), "artifact_path: model\nflavors: {}\nmodel_id: " + m.modelId() + "\n");
        Files.write(dir.resolve("model.bin"), new byte[]{1, 2, 3});
        store.artifactRepository(m.artifactLocation()).logArtifacts(tmp.resolve("model"), null);
        store.setLoggedModelTags(m.modelId(), List.of(new Tag("stage", "candidate")));
        store.logModelMetrics(m.modelId(), run, List.of(new Metric("accuracy", 0.93, 5, 0)));
        store.logOutputs(run, List.of(m.modelId()));
        LoggedModel ready = store.finalizeLoggedModel(m.modelId(), LoggedModelStatus.READY);
        assertEquals(LoggedModelStatus.READY, ready.status());

        LoggedModel got = store.getLoggedModel(m.modelId());
        assertEquals("candidate", got.tags().get("stage"));
        assertEquals(0.93, got.metrics().get(0).value());
        assertEquals(List.of(m.modelId()), store.getRun(run).modelOutputs());
        assertEquals(List.of(m.modelId()), store.searchLoggedModels(List.of(exp), "name = 'forest'", 10, null).items()
                .stream().map(LoggedModel::modelId).toList());

        String name = unique("rest-registered");
        store.createRegisteredModel(name);
        store.createRegisteredModel(name); // already there: no error
        ModelVersion v1 = store.createModelVersion(name, "models:/" + m.modelId(), run, m.modelId());
        assertEquals("1", v1.version());
        store.setAlias(name, "champion", "1");
        ModelVersion byAlias = store.getModelVersionByAlias(name, "champion");
        assertEquals("1", byAlias.version());
        assertEquals(m.modelId(), byAlias.modelId());
        assertEquals(run, byAlias.runId());
        assertEquals("READY", store.getModelVersion(name, "1").status());
        assertEquals(List.of("1"), store.searchModelVersions(name).stream().map(ModelVersion::version).toList());

        Path down = store.artifactRepository(got.artifactLocation()).downloadArtifacts("data/model.bin", tmp.resolve("dl"));
        assertEquals(3, Files.size(down));
    }

    @Test
    void pythonClientReadsWhatJavaWrote() throws Exception {
        String expName = unique("rest-python");
        String exp = store.createExperiment(expName, null, List.of());
        Run run = store.createRun(exp, "alice", 1234, List.of(new Tag("mlflow.user", "alice")), "java-run");
        String id = run.runId();
        store.logBatch(id, List.of(new Metric("loss", 0.5, 10, 0), new Metric("loss", 0.25, 20, 1),
                        new Metric("nan", Double.NaN, 10, 0), new Metric("inf", Double.POSITIVE_INFINITY, 10, 0)),
                List.of(new Param("lr", "0.01")), List.of(new Tag("team", "ml")));
        Path notes = tmp.resolve("notes.txt");
        Files.writeString(notes, "from java");
        store.artifactRepository(run.info().artifactUri()).logArtifact(notes, "docs");
        LoggedModel m = store.createLoggedModel(exp, "model", id, List.of(), List.of(new Param("k", "1")), null);
        Path mlmodel = tmp.resolve("MLmodel");
        Files.writeString(mlmodel, "artifact_path: model\nflavors: {}\n");
        store.artifactRepository(m.artifactLocation()).logArtifact(mlmodel, null);
        store.finalizeLoggedModel(m.modelId(), LoggedModelStatus.READY);
        store.logOutputs(id, List.of(m.modelId()));
        store.updateRunInfo(id, RunStatus.FINISHED, 9999L, null);
        String reg = unique("rest-py-reg");
        store.createRegisteredModel(reg);
        store.createModelVersion(reg, "models:/" + m.modelId(), id, m.modelId());
        store.setAlias(reg, "prod", "1");

        JsonNode py = PythonMlflow.json(server.uri(), tmp, """
                import json, math, os, mlflow
                from mlflow import MlflowClient
                c = MlflowClient()
                r = c.get_run("%s")
                hist = [(m.step, m.value) for m in c.get_metric_history(r.info.run_id, "loss")]
                nan = c.get_metric_history(r.info.run_id, "nan")[0].value
                inf = c.get_metric_history(r.info.run_id, "inf")[0].value
                path = mlflow.artifacts.download_artifacts(run_id=r.info.run_id, artifact_path="docs/notes.txt")
                model = mlflow.get_logged_model("%s")
                files = sorted(os.listdir(mlflow.artifacts.download_artifacts("models:/%s")))
                mv = c.get_model_version_by_alias("%s", "prod")
                outputs = [o.model_id for o in r.outputs.model_outputs]
                print(json.dumps({"status": r.info.status, "name": r.info.run_name, "user": r.info.user_id,
                    "end": r.info.end_time, "lr": r.data.params["lr"], "team": r.data.tags["team"],
                    "hist": hist, "nan": math.isnan(nan), "inf": inf, "notes": open(path).read(),
                    "model_status": str(model.status), "model_params": model.params, "files": files,
                    "mv_source": mv.source, "mv_version": mv.version, "outputs": outputs}))
                """.formatted(id, m.modelId(), m.modelId(), reg));

        assertEquals("FINISHED", py.get("status").asText());
        assertEquals("java-run", py.get("name").asText());
        assertEquals("alice", py.get("user").asText());
        assertEquals(9999, py.get("end").asLong());
        assertEquals("0.01", py.get("lr").asText());
        assertEquals("ml", py.get("team").asText());
        assertEquals("[[0,0.5],[1,0.25]]", py.get("hist").toString());
        assertTrue(py.get("nan").asBoolean());
        // a SQL-backed server keeps infinity as the largest double; the Python client shows that number
        assertEquals(Double.MAX_VALUE, py.get("inf").asDouble());
        assertEquals("from java", py.get("notes").asText());
        assertEquals("READY", py.get("model_status").asText().replace("LoggedModelStatus.", ""));
        assertEquals("1", py.get("model_params").get("k").asText());
        assertTrue(py.get("files").toString().contains("\"MLmodel\""), py.get("files").toString());
        assertEquals("models:/" + m.modelId(), py.get("mv_source").asText());
        assertEquals("1", py.get("mv_version").asText());
        assertEquals("[\"" + m.modelId() + "\"]", py.get("outputs").toString());
        // Java reads that stored maximum back as the infinity it stands for
        assertEquals(Double.POSITIVE_INFINITY, store.getRun(id).data().metric("inf"));
    }

    @Test
    void aProgramThatNeverClosesTheStoreStillExits() {
        JavaProcess.Result r = JavaProcess.main(RestExitProbe.class, server.uri(), unique("rest-exit")).run(300);
        assertEquals(0, r.exitCode(), r.describe());
        String runId = r.stdout().strip();
        assertEquals(0.75, store.getRun(runId).data().metric("m"));
    }

    static String writePseudoRandom(Path file, long size) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            java.util.Random random = new java.util.Random(42);
            for (long written = 0; written < size; written += buf.length) {
                random.nextBytes(buf);
                int n = (int) Math.min(buf.length, size - written);
                out.write(buf, 0, n);
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
