package io.jmlflow.internal.models;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.models.ModelSignature;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MLmodel file is written byte for byte as MLflow writes it (PyYAML's {@code safe_dump(default_flow_style=False)}),
 * judged by Python: {@code yaml.safe_load} of our text dumped again by PyYAML gives our text, and
 * {@code mlflow.models.Model.load} reads the model back equal (signature included). Written without a YAML library.
 */
class MLmodelYamlTest {
    @TempDir
    Path dir;

    private static ModelSignature signature() {
        List<ModelSignature.ColSpec> in = new ArrayList<>();
        for (int i = 0; i < 12; i++) in.add(new ModelSignature.ColSpec("sepal length (cm) " + i, "double"));
        in.add(new ModelSignature.ColSpec("größe \"quoted\" \\ it's", "long"));
        in.add(new ModelSignature.ColSpec("emoji \uD83D\uDE00\ttab", "string"));
        return new ModelSignature(in, List.of(new ModelSignature.ColSpec(null, "integer")));
    }

    private MLmodel realistic() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("virtualenv", "python_env.yaml");
        env.put("conda", "conda.yaml");
        Map<String, Object> pyfunc = new LinkedHashMap<>();
        pyfunc.put("loader_module", "mlflow.xgboost");
        pyfunc.put("python_version", "3.12");
        pyfunc.put("env", env);
        pyfunc.put("data", "model.xgb");
        Map<String, Object> smile = new LinkedHashMap<>();
        smile.put("smile_version", "4.4.0");
        smile.put("model_class", "smile.classification.RandomForest");
        smile.put("data", "model.ser");
        smile.put("java_version", "25");
        Map<String, Map<String, Object>> flavors = new LinkedHashMap<>();
        flavors.put("smile", smile);
        flavors.put("python_function", pyfunc);
        String location = dir.resolve("mlruns/0/models/m-0123456789abcdef0123456789abcdef/artifacts with a space")
                .toString();
        return MLmodel.of(location, "0123456789abcdef0123456789abcdef", "m-0123456789abcdef0123456789abcdef",
                "2026-12-06 19:20:01.123456", flavors, signature(), 123_456);
    }

    @Test
    void mlflowReadsTheFileEqualAndPyYamlWritesTheSameBytes() throws Exception {
        Path file = dir.resolve(MLmodel.FILE_NAME);
        realistic().write(file);
        JsonNode judged = PythonMlflow.json(null, dir, """
                import json, yaml
                from mlflow.models import Model
                path = %s
                text = open(path, encoding="utf-8").read()
                data = yaml.safe_load(text)
                model = Model.load(path)
                print(json.dumps({"redumped": yaml.safe_dump(data, default_flow_style=False),
                                  "model_equal": model.to_dict() == data,
                                  "model": model.to_dict(), "data": data,
                                  "inputs": [[c.name, c.type.name] for c in model.signature.inputs.inputs],
                                  "mlflow_version": model.mlflow_version}))
                """.formatted(pyString(file.toString())));
        String ours = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals(judged.path("redumped").asText(), ours);
        assertTrue(judged.path("model_equal").asBoolean(), judged.path("model") + "\n" + judged.path("data"));
        assertEquals("größe \"quoted\" \\ it's", judged.path("inputs").get(12).get(0).asText());
        assertEquals("emoji \uD83D\uDE00\ttab", judged.path("inputs").get(13).get(0).asText());
        assertEquals(PythonEnvironment.MLFLOW_VERSION, judged.path("mlflow_version").asText());
        assertTrue(ours.contains("\n    \"double\", \"name\""), "long signatures folded as PyYAML folds them:\n" + ours);
    }

    /** Every scalar and collection shape a flavor may write, including those PyYAML quotes, escapes or folds. */
    @Test
    void everyShapeIsWrittenAsPyYamlWritesIt() throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        String[] strings = {"", "plain", "3.12", "25", "0x1F", "017", "1_000", "1e5", "1.5e-3", ".5", ".inf", ".NaN",
            "true", "Yes", "off", "null", "~", "NULL", "<<", "=", "2024-01-01", "2024-1-1 10:00:00.5 +02:00",
            "1:30", "190:20:30.15", "a: b", "a:b", "#hash", "a #b", "a#b", "- x", "-x", "? q", "?q", ":x", "x:",
            "---", "...x", "it's", "\"dq\"", "[list]", "{map}", "a, b", "&anchor", "*ref", "!tag", "|pipe", ">gt",
            "%pct", "@at", "`tick`", " lead", "trail ", "two  spaces", "tab\there", "line\nbreak", "line \nbreak",
            "line\n break", "\nlead", "trail\n", "ünïcödé", "snow \u2603 man", "emoji \uD83D\uDE00", "nbsp\u00a0x",
            "bell\u0007", "back\\slash", "x".repeat(120), "word ".repeat(30).trim(),
            "it's a long 'quoted' text that goes on and on, past the eightieth column, with: colons",
            "a long text with \u00fcn\u00efc\u00f6d\u00e9 that PyYAML writes double-quoted and folds after the eightieth column of the line",
            "C:\\Program Files\\Java\\jdk-17\\bin\\java.exe"};
        Map<String, Object> strs = new LinkedHashMap<>();
        for (int i = 0; i < strings.length; i++) strs.put(String.format("s%02d", i), strings[i]);
        doc.put("strings", strs);
        Map<String, Object> keys = new LinkedHashMap<>();
        for (String k : new String[] {"b", "a", "B", "_x", "a b", "3.12", "true", "é", "Z"}) keys.put(k, k.length());
        doc.put("keys", keys);
        Map<String, Object> numbers = new LinkedHashMap<>();
        double[] doubles = {0.1, 1e-5, 1e16, 1.5e16, 123456789.125, -0.0, 0.0, 2.5, 1e-4, 0.0001234, 1e22,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -3.75, 1.0 / 3};
        for (int i = 0; i < doubles.length; i++) numbers.put(String.format("d%02d", i), doubles[i]);
        numbers.put("int", 42);
        numbers.put("long", -9_007_199_254_740_993L);
        numbers.put("float", 0.5f);
        doc.put("numbers", numbers);
        doc.put("yes", true);
        doc.put("no", false);
        doc.put("nothing", null);
        doc.put("empty_map", Map.of());
        doc.put("empty_list", List.of());
        doc.put("list", List.of("a", "3.12", List.of("nested", "list"), Map.of("k", "v", "j", List.of()), 7));
        Map<String, Object> deep = new LinkedHashMap<>();
        deep.put("level2", Map.of("level3", Map.of("text", "word ".repeat(25).trim(), "list", List.of(1, 2))));
        doc.put("deep", deep);
        doc.put("long_list_item", List.of("word ".repeat(25).trim()));

        Path file = dir.resolve("shapes.yaml");
        Files.writeString(file, PyYamlWriter.dump(doc), StandardCharsets.UTF_8);
        JsonNode judged = PythonMlflow.json(null, dir, """
                import json, yaml
                text = open(%s, encoding="utf-8").read()
                print(json.dumps({"redumped": yaml.safe_dump(yaml.safe_load(text), default_flow_style=False),
                                  "strings": yaml.safe_load(text)["strings"]}))
                """.formatted(pyString(file.toString())));
        String ours = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals(judged.path("redumped").asText(), ours);
        for (int i = 0; i < strings.length; i++) {
            assertEquals(strings[i], judged.path("strings").path(String.format("s%02d", i)).asText(), "s" + i);
        }
        assertEquals("{}\n", PyYamlWriter.dump(Map.of()));
    }

    /** Writing an MLmodel loads no YAML or JSON library: core's classes alone, without Jackson or SnakeYAML. */
    @Test
    void writingNeedsNoYamlLibrary() throws Exception {
        URL classes = MLmodel.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader alone = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> mlmodel = alone.loadClass(MLmodel.class.getName());
            Class<?> sig = alone.loadClass(ModelSignature.class.getName());
            Method of = mlmodel.getMethod("of", String.class, String.class, String.class, String.class, Map.class,
                    sig, long.class);
            Object m = of.invoke(null, "/tmp/x", "r", "m-1", "2026-12-06 19:20:01.123456",
                    Map.of("smile", Map.of("data", "model.ser")), null, 1L);
            Path file = dir.resolve("alone");
            mlmodel.getMethod("write", Path.class).invoke(m, file);
            assertEquals("""
                    artifact_path: /tmp/x
                    flavors:
                      smile:
                        data: model.ser
                    mlflow_version: %s
                    model_id: m-1
                    model_size_bytes: 1
                    model_uuid: m-1
                    prompts: null
                    run_id: r
                    utc_time_created: '2026-12-06 19:20:01.123456'
                    """.formatted(PythonEnvironment.MLFLOW_VERSION), Files.readString(file));
            assertTrue(!canLoad(alone, "com.fasterxml.jackson.databind.ObjectMapper")
                    && !canLoad(alone, "org.yaml.snakeyaml.Yaml"), "the loader sees no YAML library");
        }
    }

    private static boolean canLoad(ClassLoader loader, String name) {
        try {
            loader.loadClass(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
