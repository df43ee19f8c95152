package io.jmlflow.integrations.dl4j;

import io.jmlflow.internal.FileBytes;
import io.jmlflow.internal.models.JavaSerializationFlavor;
import io.jmlflow.internal.models.ModelDataFile;
import io.jmlflow.models.ModelSignature;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Writes and reads the {@code dl4j} flavor's files (see {@link Dl4jModelFlavor}). */
final class Dl4jModelFiles {
    static final String DATA_FILE = "model.zip";
    /** The classes a Java-serialized member of a DL4J model may be made of, besides the JDK's basic ones. */
    static final List<String> LIBRARY = List.of("org.deeplearning4j.**", "org.nd4j.**");
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
        Path zip = ModelDataFile.resolve(dir, attributes, DATA_FILE);
        checkSerializedEntries(zip);
        java.io.File file = zip.toFile();
        boolean updater = !"false".equals(String.valueOf(attributes.getOrDefault("save_updater", "true")));
        if ("ComputationGraph".equals(String.valueOf(attributes.get("model_type")))) {
            return ModelSerializer.restoreComputationGraph(file, updater);
        }
        return ModelSerializer.restoreMultiLayerNetwork(file, updater);
    }

    /**
     * {@code ModelSerializer} reads a legacy {@code preprocessor.bin} member with plain Java serialization; such a
     * member must pass the model filter first (DL4J's and ND4J's classes and the JDK's basic ones). The members are
     * walked as DL4J walks them ({@code ZipInputStream}), every one of that name.
     */
    private static void checkSerializedEntries(Path zip) throws IOException, ClassNotFoundException {
        try (ZipInputStream in = new ZipInputStream(new BufferedInputStream(FileBytes.newInputStream(zip)))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals("preprocessor.bin")) {
                    JavaSerializationFlavor.readObject(new NonClosing(in), Files.size(zip), null, LIBRARY);
                }
            }
        }
    }

    /** A zip member's stream that the object reader may close without closing the archive. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the archive stays open for its next member
        }
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
