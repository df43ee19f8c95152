package io.jmlflow.internal.models;

import io.jmlflow.models.ModelSignature;
import io.jmlflow.models.ModelFlavor;
import io.jmlflow.MlflowException;
import io.jmlflow.internal.artifacts.ArtifactRepository;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.ModelVersion;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.Tag;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.TempDirs;
import io.jmlflow.internal.store.RegistryStore;
import io.jmlflow.internal.store.TrackingStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The MLflow 3 model lifecycle: create PENDING, write files, finalize READY (or FAILED); and loading back. */
public final class ModelLogging {

    private ModelLogging() {
    }

    public static LoggedModel log(TrackingStore store, String runId, Object model, String name,
                                  Map<String, String> params) {
        return log(store, runId, null, model, name, params);
    }

    /**
     * As {@link #log(TrackingStore, String, Object, String, Map)}, for a run whose experiment the caller knows
     * ({@code experimentId}; null: read from the run).
     */
    public static LoggedModel log(TrackingStore store, String runId, String experimentId, Object model, String name,
                                  Map<String, String> params) {
        String problem = io.jmlflow.internal.Validation.loggedModelNameProblem(name);
        if (problem != null) throw MlflowException.invalid("model '" + name + "' is not logged: " + problem);
        ModelFlavor flavor = ModelFlavors.forModel(model);
        if (flavor == null) {
            Log.warn("no model flavor can save a " + model.getClass().getName() + " (not Serializable and no "
                    + "integration for it); the model was not logged");
            return null;
        }
        if (experimentId == null) experimentId = runId == null ? "0" : store.getRun(runId).info().experimentId();
        List<Param> ps = new ArrayList<>();
        if (params != null) {
            for (Map.Entry<String, String> p : params.entrySet()) ps.add(new Param(p.getKey(), p.getValue()));
        }
        // as MLflow's logged models: the context tags (user, source, git commit) the UI shows as "Created by" and
        // "Logged from"
        List<Tag> tags = new ArrayList<>();
        for (Map.Entry<String, String> t : io.jmlflow.internal.SystemTags.forNewRun().entrySet()) {
            tags.add(new Tag(t.getKey(), t.getValue()));
        }
        tags.add(new Tag("mlflow.modelFlavor", flavor.name()));
        LoggedModel created = store.createLoggedModel(experimentId, name, runId, tags, ps, flavor.name());
        Path dir = null;
        Path direct = null;
        try {
            ArtifactRepository repo = store.artifactRepository(created.artifactLocation());
            // a local store's model is saved where it stays (a pending model's folder): no copy of a large file
            if (repo instanceof io.jmlflow.internal.artifacts.LocalArtifactRepository local) direct = local.root();
            dir = direct != null ? Files.createDirectories(direct) : Files.createTempDirectory("mlflow-model");
            Map<String, Object> attrs = flavor.save(model, dir);
            Map<String, Map<String, Object>> flavors = new LinkedHashMap<>();
            PythonLoadable python = flavor instanceof PythonLoadable p ? p : null;
            // as MLflow writes them: sorted, so python_function comes first
            if (python != null) {
                // the model's data path: "data" in most flavors, "model_data" in MLflow's spark flavor
                Object data = attrs.containsKey("data") ? attrs.get("data") : attrs.get("model_data");
                flavors.put(PythonEnvironment.FLAVOR, PythonEnvironment.pyfuncFlavor(python.pythonLoaderModule(), data));
            }
            flavors.put(flavor.name(), attrs);
            ModelSignature signature = null;
            try {
                signature = SignatureHint.isSet(model) ? SignatureHint.of(model) : flavor.signature(model);
            } catch (Throwable t) {
                Log.warnOnce("signature:" + flavor.name(), "could not infer the model signature: " + t);
            }
            String location = created.artifactLocation();
            if (location.startsWith("file:")) location = io.jmlflow.internal.artifacts.ArtifactPaths.localPath(location).toString();
            // the store's id of the run (the caller may name it by an id of the session's)
            String modelRun = created.sourceRunId() != null && !created.sourceRunId().isEmpty()
                    ? created.sourceRunId() : runId;
            MLmodel mlmodel = MLmodel.of(location, modelRun, created.modelId(),
                    utcTimeCreated(java.time.Instant.now()), flavors, signature, sizeOf(dir));
            if (python != null) {
                PythonEnvironment.write(dir, python.pipRequirements(attrs));
            }
            mlmodel.write(dir.resolve(MLmodel.FILE_NAME));
            if (direct == null) repo.logArtifacts(dir, null);
            LoggedModel ready = store.finalizeLoggedModel(created.modelId(), LoggedModelStatus.READY);
            if (runId != null) store.logOutputs(runId, List.of(created.modelId()));
            return ready;
        } catch (Throwable t) {
            Log.warn("saving model '" + name + "' (" + model.getClass().getName() + ") failed: " + t
                    + "; it is marked FAILED and the run goes on");
            if (direct != null) TempDirs.deleteQuietly(dir); // a FAILED model keeps no half-written files
            try {
                return store.finalizeLoggedModel(created.modelId(), LoggedModelStatus.FAILED);
            } catch (RuntimeException e) {
                return created;
            }
        } finally {
            if (direct == null) TempDirs.deleteQuietly(dir);
        }
    }

    /** Finds the logged model a URI names ({@code models:/<id>}, {@code runs:/<run>/<name>}, registry forms, or a bare id). */
    public static LoggedModel resolveLoggedModel(TrackingStore store, String uri) {
        if (uri.startsWith("m-")) return store.getLoggedModel(uri);
        if (uri.startsWith("models:/")) {
            String rest = uri.substring("models:/".length());
            if (rest.startsWith("m-") && !rest.contains("/")) return store.getLoggedModel(rest);
            ModelVersion v;
            int at = rest.indexOf('@');
            if (at > 0) {
                v = registry(store).getModelVersionByAlias(rest.substring(0, at), rest.substring(at + 1));
            } else {
                int slash = rest.lastIndexOf('/');
                if (slash <= 0) throw MlflowException.invalid("model URI '" + uri + "' needs a version or an alias");
                v = registry(store).getModelVersion(rest.substring(0, slash), rest.substring(slash + 1));
            }
            if (v.modelId() != null && !v.modelId().isEmpty()) return store.getLoggedModel(v.modelId());
            if (v.source() != null && v.source().startsWith("models:/m-")) {
                return store.getLoggedModel(v.source().substring("models:/".length()));
            }
            throw MlflowException.invalid("model version " + v.name() + "/" + v.version() + " has no logged model");
        }
        if (uri.startsWith("runs:/")) {
            String rest = uri.substring("runs:/".length());
            int slash = rest.indexOf('/');
            if (slash <= 0) throw MlflowException.invalid("model URI '" + uri + "' must be runs:/<run_id>/<name>");
            String runId = rest.substring(0, slash);
            String name = rest.substring(slash + 1);
            Run run = store.getRun(runId);
            LoggedModel best = null;
            for (String id : run.modelOutputs()) {
                LoggedModel m = store.getLoggedModel(id);
                if (m.name().equals(name) && (best == null || m.creationTimestamp() > best.creationTimestamp())) best = m;
            }
            if (best != null) return best;
            throw MlflowException.notFound("logged model '" + name + "' of run " + runId);
        }
        throw MlflowException.invalid("unsupported model URI '" + uri + "' (models:/<id>, runs:/<run_id>/<name>, "
                + "models:/<name>/<version>, models:/<name>@<alias>)");
    }

    public static Object load(TrackingStore store, String uri) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mlflow-load");
            Path modelDir;
            if (uri.startsWith("runs:/") && legacyRunArtifact(store, uri, dir) != null) {
                modelDir = dir.resolve("model");
            } else {
                LoggedModel m = resolveLoggedModel(store, uri);
                modelDir = store.artifactRepository(m.artifactLocation()).downloadArtifacts(null, dir.resolve("model"));
            }
            MLmodel mlmodel = MLmodel.read(modelDir.resolve(MLmodel.FILE_NAME));
            for (Map.Entry<String, Map<String, Object>> f : mlmodel.flavors().entrySet()) {
                ModelFlavor flavor = ModelFlavors.byName(f.getKey());
                if (flavor != null) return flavor.load(modelDir, f.getValue());
            }
            throw new MlflowException(MlflowException.INVALID_STATE, "no Java flavor can load " + uri + " (flavors: "
                    + mlmodel.flavorNames() + ")");
        } catch (MlflowException e) {
            throw e;
        } catch (Exception e) {
            throw new MlflowException(MlflowException.INTERNAL_ERROR, "cannot load model " + uri + ": " + e, e);
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }

    /** MLflow 2 models live among the run's artifacts; returns the directory when the URI names one. */
    private static Path legacyRunArtifact(TrackingStore store, String uri, Path dir) {
        String rest = uri.substring("runs:/".length());
        int slash = rest.indexOf('/');
        if (slash <= 0) return null;
        String runId = rest.substring(0, slash);
        String path = rest.substring(slash + 1);
        try {
            ArtifactRepository repo = store.artifactRepository(store.getRun(runId).info().artifactUri());
            boolean has = repo.listArtifacts(path).stream().anyMatch(f -> f.path().endsWith("/" + MLmodel.FILE_NAME)
                    || f.path().equals(MLmodel.FILE_NAME));
            if (!has) return null;
            Path got = repo.downloadArtifacts(path, dir);
            Path target = dir.resolve("model");
            if (!got.equals(target)) Files.move(got, target);
            return target;
        } catch (Exception e) {
            return null;
        }
    }

    private static RegistryStore registry(TrackingStore store) {
        if (store instanceof RegistryStore) return (RegistryStore) store;
        throw new MlflowException(MlflowException.INVALID_STATE, "the store at " + store.uri() + " has no model registry");
    }

    /** The bytes of the files under {@code dir} (MLmodel's {@code model_size_bytes}). */
    static long sizeOf(Path dir) {
        return sizeOf(dir.toFile());
    }

    private static long sizeOf(java.io.File file) {
        if (file.isFile()) return file.length();
        long total = 0;
        java.io.File[] children = file.listFiles();
        if (children != null) {
            for (java.io.File child : children) total += sizeOf(child);
        }
        return total;
    }

    /**
     * MLmodel's {@code utc_time_created}, as Python's {@code str(datetime.utcnow())} writes it
     * ({@code 2026-12-06 22:49:21.548612}). By hand: a {@code DateTimeFormatter} costs about 70 classes and 8 ms in a
     * fresh JVM, and {@code LocalDateTime} with its zone and calendar classes a few more milliseconds.
     */
    static String utcTimeCreated(java.time.Instant t) {
        long seconds = t.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // the proleptic Gregorian date of a day count (days since 1970-01-01), in eras of 400 years from 0000-03-01
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        StringBuilder b = new StringBuilder(26);
        b.append(year).append('-');
        zeroPadded(b, month, 2).append('-');
        zeroPadded(b, day, 2).append(' ');
        zeroPadded(b, secondOfDay / 3600, 2).append(':');
        zeroPadded(b, secondOfDay / 60 % 60, 2).append(':');
        zeroPadded(b, secondOfDay % 60, 2).append('.');
        return zeroPadded(b, t.getNano() / 1000, 6).toString();
    }

    private static StringBuilder zeroPadded(StringBuilder b, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) b.append('0');
        return b.append(digits);
    }
}
