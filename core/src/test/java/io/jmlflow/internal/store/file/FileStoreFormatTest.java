package io.jmlflow.internal.store.file;

import io.jmlflow.internal.PythonFloats;
import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.entities.Dataset;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bytes we write match what MLflow's Python writes: float text, YAML scalars, whole meta.yaml files. */
class FileStoreFormatTest {
    @TempDir
    Path tmp;

    @Test
    void metricValuesAreWrittenAsPythonReprAndParsedBack() {
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 3.0, 0.1, 0.5, 1.5e-20, 1e-4, 1e-5,
                0.00012345, 123456789.0, 1e15, 1e16, 1.2345678901234567e16, 9007199254740993.0, 1e22, 1e23,
                2.5e-308, Double.MIN_VALUE, Double.MAX_VALUE, Math.PI, Math.E, 1.0 / 3, 2.0 / 3, 100.0, 1e100,
                123.456, 0.30000000000000004, 4.35, 2.675, 1e-7, 5e-324, 999999999999999.9, 9999999999999998.0));
        Random random = new Random(42);
        for (int i = 0; i < 400; i++) {
            values.add(Double.longBitsToDouble(random.nextLong()));
            values.add(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            values.add((double) random.nextInt(1_000_000) / 1000);
        }
        values.removeIf(v -> Double.isNaN(v) || Double.isInfinite(v));
        String hex = values.stream().map(v -> "\"" + Double.toHexString(v) + "\"").collect(Collectors.joining(","));
        JsonNode reprs = PythonMlflow.json(null, tmp, "import json\nprint(json.dumps([repr(float.fromhex(h)) for h in ["
                + hex + "]]))\n");
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            assertEquals(reprs.get(i).asText(), PythonFloats.toString(v), "repr of " + Double.toHexString(v));
            assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(PythonFloats.parse(reprs.get(i).asText())));
        }
        assertEquals("nan", PythonFloats.toString(Double.NaN));
        assertEquals("inf", PythonFloats.toString(Double.POSITIVE_INFINITY));
        assertEquals("-inf", PythonFloats.toString(Double.NEGATIVE_INFINITY));
        for (String s : List.of("nan", "NaN", "inf", "Infinity", "-inf", "-Infinity", "+inf")) {
            double d = PythonFloats.parse(s);
            assertTrue(Double.isNaN(d) || Double.isInfinite(d), s);
        }
    }

    @Test
    void trickyStringsSurviveMetaYamlForPythonAndForUs() {
        List<String> names = List.of("yes", "No", "null", "None", "True", "off", "~", "1e5", "12e3", "0x1f", "0o17",
                "1_000", "1:20", "123", "-5", "+1", "0.5", "3.", ".inf", ".NaN", "nan", "2001-12-14",
                "2001-12-14t21:59:43.10-05:00", "a: b", "a:b", "#hash", "x #y", "trailing ", " leading", "multi\nline",
                "tab\there", "quote's", "\"double\"", "back\\slash", "emoji 🎉", "ünïcödé", "@at", "`tick", "%pct",
                "- dash", "!bang", "&amp", "*star", "[x]", "{y}", "a,b", "?q", "|pipe", ">gt", "5abc", "0123abc",
                "line\u2028sep", "bell\u0007", "del\u007f", "nbsp\u00a0x", "crlf\r\n", "ends:", "m-0abc",
                "0baa76eb35fb40788c2b0a87faf15aff", "0b101", "0e12", "1E5", "0X1F");
        FileStore store = FileStore.open(tmp.resolve("mlruns").toString());
        String exp = store.createExperiment("tricky: \"names\" # and more", null, List.of());
        List<String> runIds = new ArrayList<>();
        for (String name : names) {
            String id = store.createRun(exp, name, 1L, List.of(), name).runId();
            runIds.add(id);
            assertEquals(name, store.getRun(id).info().runName());
            assertEquals(name, store.getRun(id).info().userId());
        }
        JsonNode out = PythonMlflow.json("file://" + tmp.resolve("mlruns"), tmp, """
                import json
                from mlflow import MlflowClient
                c = MlflowClient()
                ids = json.loads('%s')
                exp = c.get_experiment_by_name('tricky: "names" # and more')
                print(json.dumps({"exp": exp.name,
                                  "runs": [[c.get_run(i).info.run_name, c.get_run(i).info.user_id] for i in ids]}))
                """.formatted(runIds.stream().map(i -> "\"" + i + "\"").collect(Collectors.joining(",", "[", "]"))));
        assertEquals("tricky: \"names\" # and more", out.get("exp").asText());
        for (int i = 0; i < names.size(); i++) {
            assertEquals(names.get(i), out.at("/runs/" + i + "/0").asText(), "run name #" + i);
            assertEquals(names.get(i), out.at("/runs/" + i + "/1").asText(), "user id #" + i);
        }
    }

    /** Every meta.yaml we write is byte for byte what PyYAML's safe_dump (as MLflow calls it) makes of its data. */
    @Test
    void metaFilesAreByteIdenticalToPyYamlDumps() throws Exception {
        Path root = tmp.resolve("mlruns");
        FileStore store = FileStore.open(root.toString());
        String exp = store.createExperiment("format", null, List.of(new Tag("t", "v")));
        String runId = store.createRun(exp, "alice", 1_700_000_000_000L, List.of(), "brave-owl-1").runId();
        store.logInputs(runId, List.of(new DatasetInput(new Dataset("d", "1a2b", "code", "{\"tags\": {}}",
                "{\"mlflow_colspec\": [{\"type\": \"long\", \"name\": \"a\"}]}", "{\"num_rows\": 2}"),
                Map.of("mlflow.data.context", "train"))));
        LoggedModel m = store.createLoggedModel(exp, "model", runId, List.of(), List.of(), null);
        store.logModelMetrics(m.modelId(), runId, List.of(new Metric("acc", 0.5, 1L, 0)));
        store.finalizeLoggedModel(m.modelId(), LoggedModelStatus.READY);
        store.logOutputs(runId, List.of(m.modelId()));
        store.updateRunInfo(runId, RunStatus.FINISHED, 1_700_000_000_500L, null);
        for (String name : List.of("0baa76eb35fb40788c2b0a87faf15aff", "0b101", "0x1F", "1e5", "yes", "123", "a: b",
                "None", "ünïcödé", "exp one", "2024-01-02", "nan")) {
            store.createRun(exp, name, 1L, List.of(), name);
        }
        String other = store.createExperiment("to delete", null, List.of());
        store.createRun(other, null, 5L, List.of(), "gone");
        store.deleteExperiment(other);
        store.createRegisteredModel("reg");
        store.createModelVersion("reg", "models:/" + m.modelId(), null, null);
        store.setAlias("reg", "prod", "1");

        List<Path> metas;
        try (Stream<Path> walk = Files.walk(root)) {
            metas = walk.filter(p -> p.getFileName().toString().equals("meta.yaml")).sorted().toList();
        }
        assertTrue(metas.size() >= 23, metas.toString());
        String list = metas.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(","));
        JsonNode redumped = PythonMlflow.json(null, tmp, """
                import json, yaml
                out = []
                for p in [%s]:
                    with open(p, encoding="utf-8") as f:
                        data = yaml.safe_load(f)
                    out.append(yaml.dump(data, default_flow_style=False, allow_unicode=True, sort_keys=True,
                                         Dumper=yaml.SafeDumper))
                print(json.dumps(out))
                """.formatted(list));
        for (int i = 0; i < metas.size(); i++) {
            assertEquals(redumped.get(i).asText(), Files.readString(metas.get(i)), metas.get(i).toString());
        }
    }

    @Test
    void rootUrisMatchPathlibAndEveryUriFormOpensTheSameRoot() throws Exception {
        Path odd = tmp.resolve("sp ace+plus@at,cü~x");
        String quoted = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(odd.toString());
        JsonNode asUri = PythonMlflow.json(null, tmp, "import json, pathlib\nprint(json.dumps(pathlib.Path("
                + quoted + ").as_uri()))\n");
        assertEquals(asUri.asText(), StoreLayout.pythonFileUri(odd));
        for (String uri : List.of(odd.toString(), "file:" + odd, "file://" + odd, StoreLayout.pythonFileUri(odd))) {
            assertEquals(odd, FileStore.open(uri).root(), uri);
        }
        // As in MLflow, file: URIs are percent-decoded and plain paths are taken as they are.
        Path percent = tmp.resolve("50%25off");
        assertEquals(percent, FileStore.open(StoreLayout.pythonFileUri(percent)).root());
        assertEquals(percent, FileStore.open(percent.toString()).root());
        assertEquals(tmp.resolve("50%off"), FileStore.open("file:" + percent).root());
        Path cwdMlruns = Path.of("mlruns").toAbsolutePath();
        assertEquals(cwdMlruns, FileStore.open("file:./mlruns").root());
        assertEquals(cwdMlruns, FileStore.open("mlruns").root());
        assertEquals(cwdMlruns, FileStore.open("./mlruns").root());
        assertTrue(!Files.exists(cwdMlruns) || Files.isDirectory(cwdMlruns)); // opening alone creates nothing
        FileStore store = FileStore.open(odd.toString());
        assertTrue(!Files.exists(odd));
        assertEquals("Default", store.getExperiment("0").name());
        assertEquals(asUri.asText() + "/0", store.getExperiment("0").artifactLocation());
    }
}
