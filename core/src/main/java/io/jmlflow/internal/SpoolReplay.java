package io.jmlflow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.MlflowException;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.entities.ViewType;
import io.jmlflow.internal.models.MLmodel;
import io.jmlflow.internal.store.TrackingStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One replay of a spool into its store ({@link SpoolOps} says what each operation is). Runs and models created at the
 * replay get the store's ids, which are recorded ({@link Spool#mapId}) so that later operations, a later replay and the
 * process that spooled them find them. When the store refuses a run or model for good, the rest of its operations are
 * moved to {@code failed/} with it, without a request each, and one warning names the run.
 */
final class SpoolReplay {
    private final Spool spool;
    private final TrackingStore store;
    /** Runs and models the store refused, with how many of their operations were moved aside, and why. */
    private final Map<String, int[]> refusedCounts = new LinkedHashMap<>();
    private final Map<String, String> refusedWhy = new LinkedHashMap<>();

    SpoolReplay(Spool spool, TrackingStore store) {
        this.spool = spool;
        this.store = store;
    }

    Spool.ReplayResult run(List<Path> files) {
        int batches = 0;
        long entries = 0;
        try {
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                JsonNode op;
                try {
                    op = Spool.read(f);
                } catch (NoSuchFileException gone) {
                    continue; // replayed meanwhile
                } catch (IOException e) {
                    moveAside(f, f.getFileName().toString(), "unreadable: " + e.getMessage());
                    continue;
                }
                String owner = owner(op);
                String parentRun = SpoolOps.text(op.get("source_run_id"));
                if (refusedCounts.containsKey(owner) || (parentRun != null && refusedCounts.containsKey(parentRun))) {
                    moveAside(f, refusedCounts.containsKey(owner) ? owner : parentRun, null);
                    continue;
                }
                long n;
                try {
                    n = apply(op);
                } catch (MlflowException e) {
                    if (e.isTransient() || Failures.needsConfiguration(e)) {
                        return new Spool.ReplayResult(batches, entries, files.size() - i, Failures.describe(e));
                    }
                    boolean wholeOwner = isCreation(op) || MlflowException.RESOURCE_DOES_NOT_EXIST.equals(e.errorCode())
                            || MlflowException.INVALID_STATE.equals(e.errorCode());
                    if (wholeOwner && owner != null) {
                        refusedWhy.put(owner, e.getMessage());
                        moveAside(f, owner, null);
                    } else {
                        moveAside(f, f.getFileName().toString(), e.getMessage());
                    }
                    continue;
                } catch (RuntimeException | IOException e) {
                    return new Spool.ReplayResult(batches, entries, files.size() - i, e.toString());
                }
                spool.deleteReplayed(f, SpoolOps.text(op.get("files")));
                batches++;
                entries += n;
            }
            return new Spool.ReplayResult(batches, entries, 0, null);
        } finally {
            refusedCounts.forEach((owner, count) -> Log.warn("spooled run or model " + owner + " was refused by "
                    + spool.trackingUri() + " (" + refusedWhy.get(owner) + "); it and " + (count[0] - 1) + " later"
                    + " operations of it are kept in " + spool.dir().resolve("failed")));
        }
    }

    private static boolean isCreation(JsonNode op) {
        String name = op.path("op").asText();
        return name.equals("create_run") || name.equals("create_logged_model");
    }

    /** The run or model an operation is about (model operations name the model). */
    private static String owner(JsonNode op) {
        String model = SpoolOps.text(op.get("model_id"));
        return model != null ? model : SpoolOps.text(op.get("run_id"));
    }

    /** Moves an operation to failed/, counted with {@code group}; {@code why} is null when refused with its run. */
    private void moveAside(Path f, String group, String why) {
        try {
            spool.quarantine(f);
        } catch (IOException e) {
            Log.warn("spooled operation " + f + " was refused and could not be moved aside: " + e.getMessage());
            return;
        }
        if (why != null && !refusedWhy.containsKey(group)) {
            Log.warn("spooled operation " + f.getFileName() + " was refused by " + spool.trackingUri() + " (" + why
                    + "); kept in " + spool.dir().resolve("failed"));
            return;
        }
        refusedCounts.computeIfAbsent(group, k -> new int[1])[0]++;
    }

    private String run(JsonNode op) {
        return spool.resolveRunId(op.get("run_id").asText());
    }

    private String model(String id) {
        return spool.resolveRunId(id);
    }

    /** Applies one spooled operation; returns how many log entries it carried. */
    private long apply(JsonNode op) throws IOException {
        switch (op.path("op").asText("log_batch")) {
            case "create_run":
                createRun(op);
                return 0;
            case "update_run":
                store.updateRunInfo(run(op), RunStatus.valueOf(op.get("status").asText()), op.get("end_time").asLong(),
                        null);
                return 0;
            case "log_inputs":
                store.logInputs(run(op), SpoolOps.datasets(op.path("datasets")));
                return 0;
            case "create_logged_model": {
                String local = op.get("model_id").asText();
                if (spool.mappedId(local) != null) return 0;
                String sourceRun = SpoolOps.text(op.get("source_run_id"));
                String runId = sourceRun == null ? null : spool.resolveRunId(sourceRun);
                String experimentId = runId != null ? store.getRun(runId).info().experimentId()
                        : SpoolOps.text(op.get("experiment_id"));
                String created = store.createLoggedModel(experimentId, SpoolOps.text(op.get("name")), runId,
                        SpoolOps.tags(op.path("tags")), SpoolOps.params(op.path("params")),
                        SpoolOps.text(op.get("model_type"))).modelId();
                spool.mapId(local, created);
                return 0;
            }
            case "log_artifacts":
                logArtifacts(op);
                return 0;
            case "finalize_logged_model":
                store.finalizeLoggedModel(model(op.get("model_id").asText()),
                        LoggedModelStatus.valueOf(op.get("status").asText()));
                return 0;
            case "log_outputs": {
                List<String> ids = new ArrayList<>();
                for (JsonNode id : op.path("model_ids")) ids.add(model(id.asText()));
                store.logOutputs(run(op), ids);
                return 0;
            }
            case "log_model_metrics": {
                var metrics = SpoolOps.metrics(op.path("metrics"));
                store.logModelMetrics(model(op.get("model_id").asText()), run(op), metrics);
                return metrics.size();
            }
            case "set_logged_model_tags":
                store.setLoggedModelTags(model(op.get("model_id").asText()), SpoolOps.tags(op.path("tags")));
                return 0;
            case "log_logged_model_params":
                store.logLoggedModelParams(model(op.get("model_id").asText()), SpoolOps.params(op.path("params")));
                return 0;
            default: {
                var metrics = SpoolOps.metrics(op.path("metrics"));
                var params = SpoolOps.params(op.path("params"));
                var tags = SpoolOps.tags(op.path("tags"));
                store.logBatch(run(op), metrics, params, tags);
                return metrics.size() + params.size() + tags.size();
            }
        }
    }

    private void createRun(JsonNode op) throws IOException {
        String localId = op.get("run_id").asText();
        if (spool.mappedId(localId) != null) return; // created by an earlier, interrupted replay, or online meanwhile
        String experimentId = SpoolOps.text(op.get("experiment_id"));
        String experimentName = SpoolOps.text(op.get("experiment_name"));
        if (experimentName != null) experimentId = experimentIdFor(experimentName);
        if (experimentId == null) experimentId = "0";
        List<Tag> tags = SpoolOps.tags(op.path("tags"));
        String runName = SpoolOps.text(op.get("run_name"));
        String userId = SpoolOps.text(op.get("user_id"));
        long startTime = op.get("start_time").asLong();
        String created = op.path("attempted").asBoolean(false)
                ? existingRun(experimentId, runName, userId, startTime) : null;
        if (created == null) {
            try {
                created = store.createRunWithId(localId, experimentId, userId, startTime, tags, runName).runId();
            } catch (UnsupportedOperationException serverPicksIds) {
                created = store.createRun(experimentId, userId, startTime, tags, runName).runId();
            }
        }
        spool.mapId(localId, created);
        if (!created.equals(localId)) {
            Log.info("run " + runName + " (" + localId + "), started while " + spool.trackingUri()
                    + " did not answer, is " + created + " there");
        }
    }

    /** The experiment named so, created when missing. */
    private String experimentIdFor(String name) {
        Experiment e = store.getExperimentByName(name);
        if (e != null) return e.experimentId();
        try {
            return store.createExperiment(name, null, List.of());
        } catch (MlflowException exists) {
            if (!MlflowException.RESOURCE_ALREADY_EXISTS.equals(exists.errorCode())) throw exists;
            return store.getExperimentByName(name).experimentId();
        }
    }

    /**
     * The run a first attempt may have created without our hearing the answer (it timed out): same name, start time
     * and user in the experiment. Null when there is none (or the store cannot tell).
     */
    private String existingRun(String experimentId, String runName, String userId, long startTime) {
        if (runName == null || runName.contains("'")) return null;
        try {
            for (Run r : store.searchRuns(List.of(experimentId), "attributes.run_name = '" + runName + "'",
                    ViewType.ALL, 100, null, null).items()) {
                if (r.info().startTime() == startTime && (userId == null || userId.equals(r.info().userId()))) {
                    return r.runId();
                }
            }
        } catch (MlflowException e) {
            if (e.isTransient()) throw e;
        }
        return null;
    }

    /**
     * Uploads spooled files to where they belong: a run's or a model's artifact location, found at the replay when
     * the run or model was created there. A model's MLmodel gets the ids and location the store gave it.
     */
    private void logArtifacts(JsonNode op) throws IOException {
        String uri = op.get("artifact_uri").asText();
        Path files = spool.filesFolder(op.get("files").asText());
        if (!Files.isDirectory(files)) throw new NoSuchFileException(files.toString());
        if (uri.startsWith(SpoolOps.PLACEHOLDER + "runs/")) {
            uri = store.getRun(spool.resolveRunId(uri.substring((SpoolOps.PLACEHOLDER + "runs/").length())))
                    .info().artifactUri();
        } else if (uri.startsWith(SpoolOps.PLACEHOLDER + "models/")) {
            var model = store.getLoggedModel(model(uri.substring((SpoolOps.PLACEHOLDER + "models/").length())));
            uri = model.artifactLocation();
            Path mlmodel = files.resolve(MLmodel.FILE_NAME);
            if (Files.isRegularFile(mlmodel)) {
                String location = uri.startsWith("file:")
                        ? io.jmlflow.internal.artifacts.ArtifactPaths.localPath(uri).toString() : uri;
                MLmodel.read(mlmodel).withIds(location, model.sourceRunId(), model.modelId()).write(mlmodel);
            }
        }
        store.artifactRepository(uri).logArtifacts(files, SpoolOps.text(op.get("path")));
    }
}
