package io.jmlflow.internal.store.file;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.Dataset;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LifecycleStage;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.ModelVersion;
import io.jmlflow.entities.Page;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunData;
import io.jmlflow.entities.RunInfo;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.entities.ViewType;
import io.jmlflow.internal.Ids;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.RunNames;
import io.jmlflow.internal.search.InMemorySearch;
import io.jmlflow.internal.search.OrderBy;
import io.jmlflow.internal.search.SearchFilter;
import io.jmlflow.internal.store.RegistryStore;
import io.jmlflow.internal.store.TrackingStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.jmlflow.internal.store.file.StoreLayout.ARTIFACTS;
import static io.jmlflow.internal.store.file.StoreLayout.DATASETS;
import static io.jmlflow.internal.store.file.StoreLayout.INPUTS;
import static io.jmlflow.internal.store.file.StoreLayout.META;
import static io.jmlflow.internal.store.file.StoreLayout.METRICS;
import static io.jmlflow.internal.store.file.StoreLayout.OUTPUTS;
import static io.jmlflow.internal.store.file.StoreLayout.PARAMS;
import static io.jmlflow.internal.store.file.StoreLayout.TAGS;

/**
 * What links a run to other entities in the file store: its dataset inputs ({@code inputs/}, with the datasets under
 * the experiment's {@code datasets/}) and its model outputs ({@code outputs/}).
 */
final class RunLinkFiles {
    private final FileStore store;

    RunLinkFiles(FileStore store) {
        this.store = store;
    }

    void logInputs(String runId, List<DatasetInput> inputs) {
        StoreLayout.checkRunId(runId);
        if (inputs == null) return;
        store.ioVoid("log inputs of run " + runId, () -> {
            RunFiles.Dir run = store.runs.activeDir(runId);
            Path expDir = run.dir().getParent();
            for (DatasetInput input : inputs) {
                Dataset d = input.dataset();
                String datasetId = md5Hex(nullToEmpty(d.name()), nullToEmpty(d.digest()));
                Path datasetDir = expDir.resolve(DATASETS).resolve(datasetId);
                if (!Files.exists(datasetDir.resolve(META))) {
                    Files.createDirectories(datasetDir);
                    FileStore.writeMeta(datasetDir, MetaMaps.dataset(d));
                }
                Path inputDir = run.dir().resolve(INPUTS).resolve(md5Hex(datasetId, runId));
                if (!Files.exists(inputDir.resolve(META))) {
                    Files.createDirectories(inputDir);
                    FileStore.writeMeta(inputDir, MetaMaps.datasetInput(datasetId, input.tags()));
                }
            }
            return null;
        });
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** MLflow's ids for datasets and inputs: the md5 of two strings, concatenated. */
    static String md5Hex(String a, String b) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(a.getBytes(StandardCharsets.UTF_8));
            md5.update(b.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }

    List<DatasetInput> readDatasetInputs(Path runDir) throws IOException {
        List<DatasetInput> out = new ArrayList<>();
        List<Path> inputDirs = FileOps.subdirectories(runDir.resolve(INPUTS));
        if (inputDirs.isEmpty()) return out;
        Path datasetsDir = runDir.getParent().resolve(DATASETS);
        for (Path inputDir : inputDirs) {
            Map<String, Object> edge = MetaYaml.read(inputDir.resolve(META));
            if (edge == null || !"DATASET".equals(MetaYaml.string(edge, "source_type"))) continue;
            String datasetId = MetaYaml.string(edge, "source_id");
            if (datasetId == null || !StoreLayout.isModelId(datasetId)) continue;
            Map<String, Object> dataset = MetaYaml.read(datasetsDir.resolve(datasetId).resolve(META));
            if (dataset == null) {
                Log.warnOnce("missing-dataset:" + datasetId, "dataset " + datasetId + " used by run "
                        + runDir.getFileName() + " is missing from " + datasetsDir);
                continue;
            }
            out.add(new DatasetInput(MetaMaps.dataset(dataset), MetaMaps.stringMap(edge.get("tags"))));
        }
        return out;
    }

    List<String> readModelOutputs(Path runDir) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path outputDir : FileOps.subdirectories(runDir.resolve(OUTPUTS))) {
            Map<String, Object> edge = MetaYaml.read(outputDir.resolve(META));
            if (edge == null || !"MODEL_OUTPUT".equals(MetaYaml.string(edge, "destination_type"))) continue;
            out.add(MetaYaml.string(edge, "destination_id"));
        }
        return out;
    }

    void logOutputs(String runId, List<String> modelIds) {
        StoreLayout.checkRunId(runId);
        if (modelIds == null) return;
        for (String id : modelIds) {
            if (!StoreLayout.isModelId(id)) throw MlflowException.invalid("Invalid model id '" + id + "'");
        }
        store.ioVoid("log outputs of run " + runId, () -> {
            RunFiles.Dir run = store.runs.activeDir(runId);
            for (String modelId : modelIds) {
                Path outputDir = run.dir().resolve(OUTPUTS).resolve(modelId);
                if (Files.exists(outputDir.resolve(META))) continue;
                Files.createDirectories(outputDir);
                FileStore.writeMeta(outputDir, MetaMaps.modelOutput(modelId, 0));
            }
            return null;
        });
    }
}
