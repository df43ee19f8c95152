package io.jmlflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Configuration with one naming scheme. A key such as {@code autolog.dl4j.enabled} is read, first match wins, from
 * <ol>
 *   <li>agent arguments: {@code -javaagent:mlflow-agent.jar=autolog.dl4j.enabled=false} (also {@code autolog-dl4j-enabled});</li>
 *   <li>the system property {@code mlflow.autolog.dl4j.enabled};</li>
 *   <li>the environment variable {@code MLFLOW_AUTOLOG_DL4J_ENABLED}.</li>
 * </ol>
 * MLflow's own variables keep their names through the same rule: {@code tracking.uri} is
 * {@code MLFLOW_TRACKING_URI} and {@code -Dmlflow.tracking.uri}.
 */
public final class MlflowConfig {
    public static final String TRACKING_URI = "tracking.uri";
    public static final String EXPERIMENT_NAME = "experiment.name";
    public static final String EXPERIMENT_ID = "experiment.id";
    public static final String RUN_ID = "run.id";
    public static final String DEFAULT_TRACKING_URI = "sqlite:///mlflow.db";

    private static final Map<String, String> AGENT_ARGS = new ConcurrentHashMap<>();
    private static final Map<String, String> OVERRIDES = new ConcurrentHashMap<>();
    private static volatile Map<String, String> env = System.getenv();
    /** A key as called (our constants) to its canonical form, system property and variable names. */
    private static final Map<String, String[]> NAMES = new ConcurrentHashMap<>();

    private MlflowConfig() {
    }

    /** The canonical form of a key: lower case, '.'-separated. */
    public static String canonical(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        if (k.startsWith("mlflow.")) k = k.substring("mlflow.".length());
        if (k.startsWith("mlflow_")) k = k.substring("mlflow_".length());
        return k.replace('-', '.').replace('_', '.');
    }

    public static String systemPropertyName(String key) {
        return names(key)[1];
    }

    public static String envName(String key) {
        return names(key)[2];
    }

    /** Parses {@code k=v,k2=v2} agent arguments (values may not contain ','); later calls add to earlier ones. */
    public static void setAgentArguments(String args) {
        if (args == null || args.isBlank()) return;
        for (String pair : args.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                AGENT_ARGS.put(canonical(pair), "true");
            } else {
                AGENT_ARGS.put(canonical(pair.substring(0, eq)), pair.substring(eq + 1).trim());
            }
        }
    }

    /** Sets a value for this JVM that wins over every other source (used by {@code Mlflow.setTrackingUri} etc.). */
    public static void set(String key, String value) {
        if (value == null) OVERRIDES.remove(canonical(key));
        else OVERRIDES.put(canonical(key), value);
    }

    /** The value of a key, or null. */
    public static String get(String key) {
        String[] names = names(key);
        String k = names[0];
        String v = OVERRIDES.get(k);
        if (v == null) v = AGENT_ARGS.get(k);
        if (v == null) v = System.getProperty(names[1]);
        if (v == null) v = env.get(names[2]);
        return v == null || v.isEmpty() ? null : v;
    }

    private static String[] names(String key) {
        String[] names = NAMES.get(key);
        if (names == null) {
            String k = canonical(key);
            names = new String[] {k, "mlflow." + k, "MLFLOW_" + k.replace('.', '_').toUpperCase(Locale.ROOT)};
            if (NAMES.size() < 512) NAMES.put(key, names); // keys come from constants; a bound all the same
        }
        return names;
    }

    public static String get(String key, String defaultValue) {
        String v = get(key);
        return v == null ? defaultValue : v;
    }

    public static boolean getBoolean(String key, boolean defaultValue) {
        String v = get(key);
        if (v == null) return defaultValue;
        return v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on");
    }

    public static long getLong(String key, long defaultValue) {
        String v = get(key);
        if (v == null) return defaultValue;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    public static double getDouble(String key, double defaultValue) {
        String v = get(key);
        if (v == null) return defaultValue;
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    /**
     * The tracking URI: the configured one, else MLflow 3's default {@code sqlite:///mlflow.db}, except that a
     * {@code ./mlruns} holding file-store experiments keeps the file store (as MLflow does).
     */
    public static String trackingUri() {
        String uri = get(TRACKING_URI);
        if (uri != null) return uri;
        return hasFileStoreExperiments(Paths.get("mlruns")) ? "file:./mlruns" : DEFAULT_TRACKING_URI;
    }

    static boolean hasFileStoreExperiments(Path mlruns) {
        if (!Files.isDirectory(mlruns)) return false;
        try (Stream<Path> children = Files.list(mlruns)) {
            return children.anyMatch(p -> p.getFileName().toString().matches("\\d+")
                    && Files.isRegularFile(p.resolve("meta.yaml")));
        } catch (Exception e) {
            return false;
        }
    }

    /** Everything set through this scheme, for {@code doctor}; secrets masked. */
    public static Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("MLFLOW_")) out.put(canonical(k), v);
        });
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("mlflow.")) out.put(canonical(k.toString()), v.toString());
        });
        out.putAll(AGENT_ARGS);
        out.putAll(OVERRIDES);
        out.replaceAll((k, v) -> k.contains("password") || k.contains("token") ? "****" : v);
        return out;
    }

    /** For tests: replace the environment this class reads. */
    static void setEnvironmentForTesting(Map<String, String> newEnv) {
        env = newEnv;
    }

    /** For tests and {@code Mlflow.reset()}: forget agent arguments and overrides. */
    static void clearForTesting() {
        AGENT_ARGS.clear();
        OVERRIDES.clear();
    }
}
