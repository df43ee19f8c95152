package io.jmlflow.models;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Any {@link Serializable} model, written with Java serialization to {@code model.ser}. */
public final class JavaSerializationFlavor implements ModelFlavor {
    public static final String NAME = "java_serialization";
    static final String DATA_FILE = "model.ser";

    @Override
    public String name() { return NAME; }

    @Override
    public int priority() { return 0; }

    @Override
    public boolean canSave(Object model) {
        return model instanceof Serializable;
    }

    @Override
    public Map<String, Object> save(Object model, Path modelDir) throws Exception {
        try (ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(
                Files.newOutputStream(modelDir.resolve(DATA_FILE))))) {
            out.writeObject(model);
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("model_class", model.getClass().getName());
        attrs.put("data", DATA_FILE);
        attrs.put("java_version", System.getProperty("java.version"));
        return attrs;
    }

    @Override
    public Object load(Path modelDir, Map<String, Object> attributes) throws Exception {
        Object data = attributes.getOrDefault("data", DATA_FILE);
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(
                Files.newInputStream(modelDir.resolve(data.toString())))) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws java.io.IOException, ClassNotFoundException {
                if (cl != null) {
                    try {
                        return Class.forName(desc.getName(), false, cl);
                    } catch (ClassNotFoundException ignored) {
                        // fall back to the default resolution
                    }
                }
                return super.resolveClass(desc);
            }
        }) {
            return in.readObject();
        }
    }
}
