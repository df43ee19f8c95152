package io.jmlflow.internal.store.file;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.ModelVersion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static io.jmlflow.internal.store.file.StoreLayout.META;

/**
 * MLflow's registry file store in the same root: {@code <root>/models/<name>/meta.yaml},
 * {@code version-<n>/meta.yaml} per version and {@code aliases/<alias>} holding a version number.
 */
final class RegistryFiles {
    private static final String ALIASES = "aliases";
    private static final String VERSION_PREFIX = "version-";
    private static final String STAGE_NONE = "None";
    private static final String STAGE_DELETED_INTERNAL = "Deleted_Internal";
    private static final Pattern ALIAS = Pattern.compile("^[\\w\\-]{1,255}$");
    private static final Pattern VERSION_ALIAS = Pattern.compile("^[vV]\\d+$");

    private final FileStore store;

    RegistryFiles(FileStore store) {
        this.store = store;
    }

    private Path modelsDir() {
        return store.layout.root.resolve(StoreLayout.MODELS);
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) throw MlflowException.invalid("Missing value for required parameter 'name'.");
        if (name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0
                || name.indexOf(':') >= 0 || name.indexOf('%') >= 0 || name.indexOf('\0') >= 0) {
            throw MlflowException.invalid("Invalid registered model name '" + name + "'. Names cannot contain '/', "
                    + "'\\', ':' or '%'.");
        }
    }

    private static int checkVersion(String version) {
        try {
            int v = Integer.parseInt(version == null ? "" : version.trim());
            if (v < 1) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw MlflowException.invalid("Parameter 'version' must be a positive integer, got '" + version + "'.");
        }
    }

    private Path registeredModelDir(String name) throws IOException {
        checkName(name);
        Path dir = modelsDir().resolve(name);
        if (!Files.isRegularFile(dir.resolve(META))) {
            throw FileStore.notFound("Registered Model with name=" + name + " not found");
        }
        return dir;
    }

    void createRegisteredModel(String name) {
        checkName(name);
        store.ioVoid("create registered model '" + name + "'", () -> {
            store.ensureRoot();
            Path dir = modelsDir().resolve(name);
            if (Files.isRegularFile(dir.resolve(META))) return null;
            Files.createDirectories(modelsDir());
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException raced) {
                return null;
            }
            long now = FileStore.now();
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("name", name);
            meta.put("creation_timestamp", now);
            meta.put("last_updated_timestamp", now);
            meta.put("description", null);
            meta.put("aliases", new LinkedHashMap<>());
            meta.put("deployment_job_id", null);
            meta.put("deployment_job_state", null);
            meta.put("workspace", "default");
            FileStore.writeMeta(dir, meta);
            return null;
        });
    }

    ModelVersion createModelVersion(String name, String source, String runId, String modelId) {
        checkName(name);
        if (source == null || source.isBlank()) throw MlflowException.invalid("a model version needs a source URI");
        String storageLocation = source;
        String run = runId;
        String model = modelId;
        if (source.startsWith("models:/")) {
            String ref = source.substring("models:/".length());
            if (ref.indexOf('/') < 0 && ref.indexOf('@') < 0) {
                LoggedModel lm = store.getLoggedModel(ref);
                storageLocation = lm.artifactLocation();
                if (run == null) run = lm.sourceRunId();
                if (model == null) model = lm.modelId();
            } else if (ref.indexOf('@') > 0) {
                ModelVersion mv = getModelVersionByAlias(ref.substring(0, ref.indexOf('@')), ref.substring(ref.indexOf('@') + 1));
                storageLocation = downloadUri(mv.name(), mv.version());
            } else {
                String[] parts = ref.split("/", 2);
                storageLocation = downloadUri(parts[0], parts[1]);
            }
        }
        if (run == null && model != null) run = store.getLoggedModel(model).sourceRunId();
        String location = storageLocation;
        String finalRun = run;
        String finalModel = model;
        return store.io("create a version of registered model '" + name + "'", () -> {
            Path dir = registeredModelDir(name);
            for (int attempt = 0; ; attempt++) {
                int version = maxVersion(dir) + 1;
                Path versionDir = dir.resolve(VERSION_PREFIX + version);
                try {
                    Files.createDirectory(versionDir);
                } catch (FileAlreadyExistsException raced) {
                    if (attempt > 20) throw raced;
                    continue;
                }
                long now = FileStore.now();
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("name", name);
                meta.put("version", version);
                meta.put("creation_timestamp", now);
                meta.put("last_updated_timestamp", now);
                meta.put("description", null);
                meta.put("current_stage", STAGE_NONE);
                meta.put("source", source);
                meta.put("run_id", finalRun);
                meta.put("run_link", null);
                meta.put("status", "READY");
                meta.put("status_message", null);
                meta.put("storage_location", location);
                meta.put("user_id", null);
                meta.put("model_id", finalModel);
                meta.put("deployment_job_state", null);
                meta.put("workspace", "default");
                FileStore.writeMeta(versionDir, meta);
                touchRegisteredModel(dir, now);
                return new ModelVersion(name, Integer.toString(version), source, finalRun, finalModel, "READY", now);
            }
        });
    }

    private String downloadUri(String name, String version) {
        return store.io("read registered model '" + name + "'", () -> {
            Map<String, Object> meta = versionMeta(name, checkVersion(version));
            String loc = MetaYaml.string(meta, "storage_location");
            return loc != null ? loc : MetaYaml.string(meta, "source");
        });
    }

    private static int maxVersion(Path registeredModelDir) throws IOException {
        int max = 0;
        for (Path p : FileOps.subdirectories(registeredModelDir)) {
            String n = p.getFileName().toString();
            if (!n.startsWith(VERSION_PREFIX)) continue;
            try {
                max = Math.max(max, Integer.parseInt(n.substring(VERSION_PREFIX.length())));
            } catch (NumberFormatException ignored) {
                // not a version folder
            }
        }
        return max;
    }

    private void touchRegisteredModel(Path dir, long now) throws IOException {
        synchronized (FileStore.metaLock(dir)) {
            Map<String, Object> meta = MetaYaml.read(dir.resolve(META));
            if (meta == null) return;
            meta.put("last_updated_timestamp", now);
            meta.put("aliases", aliases(dir));
            FileStore.writeMeta(dir, meta);
        }
    }

    private static Map<String, String> aliases(Path registeredModelDir) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : FileOps.readTree(registeredModelDir.resolve(ALIASES)).entrySet()) {
            out.put(e.getKey(), e.getValue().trim());
        }
        return out;
    }

    private Map<String, Object> versionMeta(String name, int version) throws IOException {
        Path dir = registeredModelDir(name).resolve(VERSION_PREFIX + version);
        Map<String, Object> meta = MetaYaml.read(dir.resolve(META));
        if (meta == null || STAGE_DELETED_INTERNAL.equals(MetaYaml.string(meta, "current_stage"))) {
            throw FileStore.notFound("Model Version (name=" + name + ", version=" + version + ") not found");
        }
        return meta;
    }

    private static ModelVersion modelVersion(Map<String, Object> meta) {
        return new ModelVersion(MetaYaml.string(meta, "name"), MetaYaml.string(meta, "version"),
                MetaYaml.string(meta, "source"), MetaYaml.string(meta, "run_id"), MetaYaml.string(meta, "model_id"),
                MetaYaml.string(meta, "status"), MetaYaml.longOr(meta, "creation_timestamp", 0L));
    }

    ModelVersion getModelVersion(String name, String version) {
        checkName(name);
        int v = checkVersion(version);
        return store.io("read registered model '" + name + "'", () -> modelVersion(versionMeta(name, v)));
    }

    void setAlias(String name, String alias, String version) {
        checkName(name);
        checkAlias(alias);
        int v = checkVersion(version);
        store.ioVoid("set alias '" + alias + "' of registered model '" + name + "'", () -> {
            Path dir = registeredModelDir(name);
            versionMeta(name, v);
            FileOps.writeAtomically(dir.resolve(ALIASES).resolve(alias), dir,
                    Integer.toString(v).getBytes(StandardCharsets.UTF_8));
            touchRegisteredModel(dir, FileStore.now());
            return null;
        });
    }

    private static void checkAlias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw MlflowException.invalid("Invalid alias name: '" + alias + "'. Aliases may only contain "
                    + "alphanumerics, underscores and dashes.");
        }
        if (alias.toLowerCase(Locale.ROOT).equals("latest")) {
            throw MlflowException.invalid("'latest' alias name (case insensitive) is reserved.");
        }
        if (VERSION_ALIAS.matcher(alias).matches()) {
            throw MlflowException.invalid("Version alias name '" + alias + "' is reserved.");
        }
    }

    ModelVersion getModelVersionByAlias(String name, String alias) {
        checkName(name);
        if ("latest".equalsIgnoreCase(alias)) {
            List<ModelVersion> all = searchModelVersions(name);
            if (all.isEmpty()) throw FileStore.notFound("Registered model " + name + " has no versions");
            return all.stream().max(Comparator.comparingInt(mv -> Integer.parseInt(mv.version()))).orElseThrow();
        }
        if (alias == null || !ALIAS.matcher(alias).matches()) checkAlias(alias);
        return store.io("read alias '" + alias + "' of registered model '" + name + "'", () -> {
            Path dir = registeredModelDir(name);
            String version = FileOps.readText(dir.resolve(ALIASES).resolve(alias));
            if (version == null) throw MlflowException.invalid("Registered model alias " + alias + " not found.");
            return modelVersion(versionMeta(name, checkVersion(version)));
        });
    }

    /** The versions of one registered model, newest update first (MLflow's default order). */
    List<ModelVersion> searchModelVersions(String name) {
        checkName(name);
        return store.io("search versions of registered model '" + name + "'", () -> {
            Path modelDir = modelsDir().resolve(name);
            List<Map<String, Object>> metas = new ArrayList<>();
            for (Path p : FileOps.subdirectories(modelDir)) {
                if (!p.getFileName().toString().startsWith(VERSION_PREFIX)) continue;
                Map<String, Object> meta = MetaYaml.read(p.resolve(META));
                if (meta == null || STAGE_DELETED_INTERNAL.equals(MetaYaml.string(meta, "current_stage"))) continue;
                metas.add(meta);
            }
            metas.sort(Comparator.<Map<String, Object>>comparingLong(m -> -MetaYaml.longOr(m, "last_updated_timestamp", 0L))
                    .thenComparingLong(m -> -MetaYaml.longOr(m, "version", 0L)));
            List<ModelVersion> out = new ArrayList<>();
            for (Map<String, Object> m : metas) out.add(modelVersion(m));
            return out;
        });
    }
}
