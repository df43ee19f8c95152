package io.jmlflow.integrations.smile;

import io.jmlflow.internal.models.JavaSerializationFlavor;
import io.jmlflow.internal.models.ModelDataFile;
import io.jmlflow.models.ModelFlavor;
import io.jmlflow.models.ModelSignature;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code smile} model flavor: a Smile model (any {@code smile.*} class, all of which are
 * {@link Serializable}) written with Java serialization to {@code model.ser}. Its MLmodel attributes name the
 * Smile version that trained it, the model class and the data file. {@code Mlflow.loadModel} gives the Smile model
 * back; it needs the same Smile line (3.x or 6.x) on the class path.
 */
public final class SmileModelFlavor implements ModelFlavor {
    public static final String NAME = "smile";
    static final String DATA_FILE = "model.ser";
    /** The classes a serialized Smile model may be made of, besides the JDK's basic ones. */
    static final java.util.List<String> LIBRARY = java.util.List.of("smile.**");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean canSave(Object model) {
        return model instanceof Serializable && model.getClass().getName().startsWith("smile.");
    }

    @Override
    public Map<String, Object> save(Object model, Path modelDir) throws Exception {
        JavaSerializationFlavor.writeObject(model, modelDir.resolve(DATA_FILE));
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("smile_version", smileVersion(model.getClass()));
        attrs.put("model_class", model.getClass().getName());
        attrs.put("data", DATA_FILE);
        attrs.put("serialization", "java");
        attrs.put("java_version", System.getProperty("java.version"));
        return attrs;
    }

    /**
     * The Smile model: only the declared {@code model_class} as the top-level object, made of {@code smile.*} and the
     * JDK's basic classes, is read (see {@link JavaSerializationFlavor#readObject(Path, String, java.util.List)}).
     */
    @Override
    public Object load(Path modelDir, Map<String, Object> attributes) throws Exception {
        Object declared = attributes.get("model_class");
        try {
            return JavaSerializationFlavor.readObject(ModelDataFile.resolve(modelDir, attributes, DATA_FILE),
                    declared == null ? null : declared.toString(), LIBRARY);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("this " + NAME + " model (" + attributes.get("model_class") + ", Smile "
                    + attributes.get("smile_version") + ") needs that Smile version on the class path: " + e, e);
        }
    }

    @Override
    public ModelSignature signature(Object model) {
        return SmileSignatures.ofFrameModel(model);
    }

    /** The Smile release that defined {@code type} (its jar's Implementation-Version), or "unknown". */
    static String smileVersion(Class<?> type) {
        Package p = type.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
