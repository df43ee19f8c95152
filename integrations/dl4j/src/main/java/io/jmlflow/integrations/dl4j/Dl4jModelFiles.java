package io.jmlflow.integrations.dl4j;

import io.jmlflow.models.ModelSignature;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Writes and reads the {@code dl4j} flavor's files (see {@link Dl4jModelFlavor}). */
final class Dl4jModelFiles {
    static final String DATA_FILE = "model.zip";
    /** Signatures are only written for plain feed-forward networks with at most this many inputs and outputs. */
    private static final int MAX_SIGNATURE_COLUMNS = 1000;

    private Dl4jModelFiles() {
    }

    static Map<String, Object> save(Object model, Path dir) throws Exception {
        ModelSerializer.writeModel((Model) model, dir.resolve(DATA_FILE).toFile(), true);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("dl4j_version", dl4jVersion());
        attrs.put("model_class", model.getClass().getName());
        attrs.put("model_type", model instanceof ComputationGraph ? "ComputationGraph" : "MultiLayerNetwork");
        attrs.put("data", DATA_FILE);
        attrs.put("save_updater", true);
        attrs.put("java_version", System.getProperty("java.version"));
        return attrs;
    }

    static Object load(Path dir, Map<String, Object> attributes) throws Exception {
        Object data = attributes.getOrDefault("data", DATA_FILE);
        java.io.File file = dir.resolve(String.valueOf(data)).toFile();
        boolean updater = !"false".equals(String.valueOf(attributes.getOrDefault("save_updater", "true")));
        if ("ComputationGraph".equals(String.valueOf(attributes.get("model_type")))) {
            return ModelSerializer.restoreComputationGraph(file, updater);
        }
        return ModelSerializer.restoreMultiLayerNetwork(file, updater);
    }

    /** Unnamed float columns for a network whose first and last layers are dense (feed-forward), else null. */
    static ModelSignature signature(Object model) {
        if (!(model instanceof MultiLayerNetwork)) return null;
        List<NeuralNetConfiguration> confs = ((MultiLayerNetwork) model).getLayerWiseConfigurations().getConfs();
        if (confs.isEmpty() || ((MultiLayerNetwork) model).getLayerWiseConfigurations().getInputPreProcess(0) != null) {
            return null;
        }
        Layer first = confs.get(0).getLayer();
        Layer last = confs.get(confs.size() - 1).getLayer();
        if (!(first instanceof FeedForwardLayer) || !(last instanceof FeedForwardLayer)) return null;
        String firstType = first.getClass().getSimpleName();
        if (!firstType.equals("DenseLayer") && !firstType.equals("OutputLayer")) return null;
        long in = ((FeedForwardLayer) first).getNIn();
        long out = ((FeedForwardLayer) last).getNOut();
        if (in <= 0 || out <= 0 || in > MAX_SIGNATURE_COLUMNS || out > MAX_SIGNATURE_COLUMNS) return null;
        return new ModelSignature(columns(in), columns(out));
    }

    private static List<ModelSignature.ColSpec> columns(long n) {
        List<ModelSignature.ColSpec> cols = new ArrayList<>();
        for (long i = 0; i < n; i++) cols.add(new ModelSignature.ColSpec(null, "float"));
        return cols;
    }

    static String dl4jVersion() {
        try (InputStream in = MultiLayerNetwork.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }
}
