package io.jmlflow.internal.store.file;

import io.jmlflow.MlflowException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Where things live in an {@code mlruns} directory, as MLflow's file store lays it out:
 * {@code <root>/<experiment_id>/meta.yaml}, {@code <root>/.trash/<experiment_id>} for deleted experiments,
 * {@code <exp>/<run_id>/{meta.yaml,metrics,params,tags,artifacts,inputs,outputs}},
 * {@code <exp>/models/<model_id>/...}, {@code <exp>/datasets/<id>/meta.yaml} and the registry in
 * {@code <root>/models/<name>}. Also checks ids and keys so that no input can point outside the root.
 */
final class StoreLayout {
    static final String META = "meta.yaml";
    static final String TRASH = ".trash";
    static final String METRICS = "metrics";
    static final String PARAMS = "params";
    static final String TAGS = "tags";
    static final String ARTIFACTS = "artifacts";
    static final String INPUTS = "inputs";
    static final String OUTPUTS = "outputs";
    static final String DATASETS = "datasets";
    static final String MODELS = "models";
    /** Folders in an experiment directory that are not runs. */
    static final Set<String> RESERVED_EXPERIMENT_FOLDERS = Set.of(TAGS, DATASETS, "traces", MODELS);

    private static final Pattern RUN_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,255}$");
    private static final Pattern EXPERIMENT_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,63}$");

    final Path root;
    final Path trash;
    /** The root as MLflow spells it in artifact locations: {@code pathlib.Path(root).as_uri()}. */
    final String rootUri;

    private final ConcurrentHashMap<String, Path> runDirs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Path> modelDirs = new ConcurrentHashMap<>();

    StoreLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.trash = this.root.resolve(TRASH);
        this.rootUri = pythonFileUri(this.root);
    }

    /** The directory a {@code file:} URI or plain path names, as MLflow's {@code local_file_uri_to_path}. */
    static Path pathOf(String uri) {
        String s = uri.trim();
        if (s.regionMatches(true, 0, "file:", 0, 5)) {
            String rest = s.substring(5);
            if (rest.startsWith("//")) {
                // file://host/path or file:///path: drop the (empty or local) authority.
                int slash = rest.indexOf('/', 2);
                rest = slash < 0 ? "/" : rest.substring(slash);
            }
            int q = rest.indexOf('?');
            if (q >= 0) rest = rest.substring(0, q);
            int h = rest.indexOf('#');
            if (h >= 0) rest = rest.substring(0, h);
            s = percentDecode(rest);
        }
        return Paths.get(s);
    }

    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) return s;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Python's {@code pathlib.Path(p).as_uri()}: {@code file://} and the path, bytes outside [A-Za-z0-9_.~/-] escaped. */
    static String pythonFileUri(Path p) {
        String path = p.toAbsolutePath().normalize().toString().replace('\\', '/');
        if (!path.startsWith("/")) path = "/" + path;
        StringBuilder b = new StringBuilder("file://");
        for (byte x : path.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                    || c == '-' || c == '~' || c == '/') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    /** MLflow's {@code append_to_uri_path}: joins with '/' onto a URI's path or a plain path. */
    static String appendToUri(String base, String... parts) {
        StringBuilder b = new StringBuilder(base);
        int q = indexOfQueryOrFragment(base);
        String suffix = q < 0 ? "" : base.substring(q);
        if (q >= 0) b.setLength(q);
        for (String part : parts) {
            if (b.length() == 0 || b.charAt(b.length() - 1) != '/') b.append('/');
            String p = part;
            while (p.startsWith("/")) p = p.substring(1);
            b.append(p);
        }
        return b.append(suffix).toString();
    }

    private static int indexOfQueryOrFragment(String uri) {
        if (!io.jmlflow.internal.UriScheme.presentAnyLength(uri)) return -1;
        int q = uri.indexOf('?');
        int h = uri.indexOf('#');
        if (q < 0) return h;
        return h < 0 ? q : Math.min(q, h);
    }

    /**
     * MLflow's {@code resolve_uri_if_local} for a user-given artifact location: a relative local path becomes
     * absolute (a plain path stays a plain path, a {@code file:} URI stays a URI); anything else is unchanged.
     */
    static String resolveArtifactLocation(String location) {
        String loc = location.trim();
        boolean hasScheme = io.jmlflow.internal.UriScheme.present(loc);
        if (!hasScheme) {
            Path p = Paths.get(loc);
            return p.isAbsolute() ? loc : Paths.get("").toAbsolutePath().resolve(p).normalize().toString().replace('\\', '/');
        }
        if (loc.regionMatches(true, 0, "file:", 0, 5)) {
            Path p = pathOf(loc);
            if (!p.isAbsolute()) {
                return "file://" + Paths.get("").toAbsolutePath().resolve(p).normalize().toString().replace('\\', '/');
            }
        }
        return loc;
    }

    // ---- ids and keys

    static void checkRunId(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw MlflowException.invalid("Invalid value '" + runId + "' for parameter 'run_id' supplied");
        }
    }

    static boolean isExperimentId(String id) {
        return id != null && EXPERIMENT_ID.matcher(id).matches();
    }

    static void checkExperimentId(String id) {
        if (!isExperimentId(id)) throw MlflowException.invalid("Invalid experiment ID: '" + id + "'");
    }

    /** Model ids and registered model versions share the run id rule: one path component, no dots. */
    static boolean isModelId(String id) {
        return id != null && RUN_ID.matcher(id).matches();
    }

    /**
     * Checks a metric, param or tag key that becomes a relative file path: no empty, '.' or '..' components,
     * not absolute, no backslash or NUL. Raises {@code INVALID_PARAMETER_VALUE}.
     */
    static void checkKey(String kind, String key) {
        if (key == null || key.isEmpty()) throw MlflowException.invalid(kind + " key must not be empty");
        if (key.startsWith("/") || key.endsWith("/") || key.indexOf('\\') >= 0 || key.indexOf('\0') >= 0
                || key.length() > 250 * 4) {
            throw MlflowException.invalid("Invalid " + kind + " key '" + key + "': it must be a relative path");
        }
        int start = 0;
        while (start <= key.length()) {
            int end = key.indexOf('/', start);
            if (end < 0) end = key.length();
            int len = end - start;
            if (len == 0 || (len == 1 && key.charAt(start) == '.')
                    || (len == 2 && key.charAt(start) == '.' && key.charAt(start + 1) == '.')) {
                throw MlflowException.invalid("Invalid " + kind + " key '" + key
                        + "': '.', '..' and empty path components are not allowed");
            }
            start = end + 1;
        }
    }

    // ---- experiments

    Path activeExperimentDir(String experimentId) {
        return root.resolve(experimentId);
    }

    Path deletedExperimentDir(String experimentId) {
        return trash.resolve(experimentId);
    }

    /** The experiment's directory (active first, then trash), or null. */
    Path experimentDir(String experimentId) {
        if (!isExperimentId(experimentId)) return null;
        Path active = root.resolve(experimentId);
        if (Files.isDirectory(active)) return active;
        Path deleted = trash.resolve(experimentId);
        if (Files.isDirectory(deleted)) return deleted;
        return null;
    }

    /** Active experiment directories: the root's sub-directories except {@code .trash} and the registry's {@code models}. */
    List<Path> activeExperimentDirs() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : FileOps.subdirectories(root)) {
            String name = p.getFileName().toString();
            if (!name.equals(MODELS) && isExperimentId(name)) out.add(p);
        }
        return out;
    }

    List<Path> deletedExperimentDirs() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : FileOps.subdirectories(trash)) if (isExperimentId(p.getFileName().toString())) out.add(p);
        return out;
    }

    List<Path> allExperimentDirs() throws IOException {
        List<Path> out = activeExperimentDirs();
        out.addAll(deletedExperimentDirs());
        return out;
    }

    /** Run directories of one experiment directory (sub-directories that are not reserved folders). */
    static List<Path> runDirs(Path experimentDir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : FileOps.subdirectories(experimentDir)) {
            if (!RESERVED_EXPERIMENT_FOLDERS.contains(p.getFileName().toString())) out.add(p);
        }
        return out;
    }

    // ---- runs and models (located by scanning experiments, then cached; a cached path is re-checked)

    /** The run's directory, or null when no experiment holds it. */
    Path runDir(String runId) throws IOException {
        checkRunId(runId);
        Path cached = runDirs.get(runId);
        if (cached != null && Files.isRegularFile(cached.resolve(META))) return cached;
        runDirs.remove(runId);
        for (Path exp : allExperimentDirs()) {
            Path candidate = exp.resolve(runId);
            if (Files.isRegularFile(candidate.resolve(META))) {
                runDirs.put(runId, candidate);
                return candidate;
            }
        }
        return null;
    }

    void rememberRun(String runId, Path dir) {
        runDirs.put(runId, dir);
    }

    /** Drops cached locations (experiments moved to or from the trash). */
    void forgetLocations() {
        runDirs.clear();
        modelDirs.clear();
    }

    /** The logged model's directory, or null. */
    Path modelDir(String modelId) throws IOException {
        if (!isModelId(modelId)) return null;
        Path cached = modelDirs.get(modelId);
        if (cached != null && Files.isRegularFile(cached.resolve(META))) return cached;
        modelDirs.remove(modelId);
        for (Path exp : allExperimentDirs()) {
            Path candidate = exp.resolve(MODELS).resolve(modelId);
            if (Files.isRegularFile(candidate.resolve(META))) {
                modelDirs.put(modelId, candidate);
                return candidate;
            }
        }
        return null;
    }

    void rememberModel(String modelId, Path dir) {
        modelDirs.put(modelId, dir);
    }

    /** The experiment id of a run or model directory ({@code <root>/<exp>/<id>} or {@code <root>/.trash/<exp>/<id>}). */
    static String experimentIdOf(Path entityDir, boolean isModel) {
        Path exp = isModel ? entityDir.getParent().getParent() : entityDir.getParent();
        return exp.getFileName().toString();
    }
}
