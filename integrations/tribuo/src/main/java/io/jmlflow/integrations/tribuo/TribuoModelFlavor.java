package io.jmlflow.integrations.tribuo;

import io.jmlflow.internal.models.JavaSerializationFlavor;
import io.jmlflow.internal.models.ModelDataFile;
import io.jmlflow.models.ModelFlavor;
import io.jmlflow.models.ModelSignature;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code tribuo} model flavor: any {@code org.tribuo.Model}, saved in Tribuo's protobuf format
 * ({@code Model.serializeToFile}, Tribuo 4.3+) to {@code model.tribuo}, or with Java serialization to
 * {@code model.ser} when the model has no protobuf form. Loading gives back the {@code org.tribuo.Model}.
 * Tribuo is reached by reflection, so this class also loads (and stays unused) where Tribuo is absent.
 */
public final class TribuoModelFlavor implements ModelFlavor {
    public static final String NAME = "tribuo";
    static final String PROTOBUF_FILE = "model.tribuo";
    static final String PROTOBUF = "protobuf";
    static final String JAVA_SERIALIZATION = "java_serialization";
    /** The classes a Java-serialized Tribuo model may be made of, besides the JDK's basic ones. */
    static final List<String> LIBRARY = List.of("org.tribuo.**", "com.oracle.labs.mlrg.olcut.**");
    /** A column-based signature is only written for models with at most this many features (dense, tabular). */
    static final int MAX_SIGNATURE_FEATURES = 200;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean canSave(Object model) {
        return model != null && isA(model.getClass(), "org.tribuo.Model");
    }

    @Override
    public Map<String, Object> save(Object model, Path modelDir) throws Exception {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("tribuo_version", tribuoVersion(model.getClass().getClassLoader()));
        attrs.put("model_class", model.getClass().getName());
        Path file = modelDir.resolve(PROTOBUF_FILE);
        String format;
        try {
            model.getClass().getMethod("serializeToFile", Path.class).invoke(model, file);
            attrs.put("data", PROTOBUF_FILE);
            format = PROTOBUF;
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            // before Tribuo 4.3, or a model without a protobuf form
            Files.deleteIfExists(file);
            Map<String, Object> java = new JavaSerializationFlavor().save(model, modelDir);
            attrs.put("data", java.get("data"));
            format = JAVA_SERIALIZATION;
        }
        attrs.put("format", format);
        attrs.put("java_version", System.getProperty("java.version"));
        return attrs;
    }

    /**
     * The Tribuo model. A Java-serialized one is read only as the declared {@code model_class}, made of Tribuo's,
     * OLCUT's and the JDK's basic classes (see {@link JavaSerializationFlavor#readObject(Path, String, List)}).
     */
    @Override
    public Object load(Path modelDir, Map<String, Object> attributes) throws Exception {
        if (JAVA_SERIALIZATION.equals(attributes.get("format"))) {
            Object declared = attributes.get("model_class");
            return JavaSerializationFlavor.readObject(ModelDataFile.resolve(modelDir, attributes,
                    JavaSerializationFlavor.DATA_FILE), declared == null ? null : declared.toString(), LIBRARY);
        }
        Path data = ModelDataFile.resolve(modelDir, attributes, PROTOBUF_FILE);
        Class<?> modelClass = tribuoClass("org.tribuo.Model");
        try {
            return modelClass.getMethod("deserializeFromFile", Path.class).invoke(null, data);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    /** Features as {@code double} inputs (small feature spaces only); labels, regression targets or cluster ids. */
    @Override
    public ModelSignature signature(Object model) {
        try {
            ClassLoader loader = model.getClass().getClassLoader();
            Object features = call(model, "org.tribuo.Model", "getFeatureIDMap", loader);
            int size = (Integer) call(features, "org.tribuo.FeatureMap", "size", loader);
            if (size == 0 || size > MAX_SIGNATURE_FEATURES) return null;
            Map<Integer, String> byId = new TreeMap<>();
            for (Object info : (Iterable<?>) features) {
                byId.put((Integer) call(info, "org.tribuo.VariableIDInfo", "getID", loader),
                        (String) call(info, "org.tribuo.VariableInfo", "getName", loader));
            }
            List<ModelSignature.ColSpec> inputs = new ArrayList<>();
            for (String name : byId.values()) inputs.add(new ModelSignature.ColSpec(name, "double"));
            Object outputInfo = call(model, "org.tribuo.Model", "getOutputIDInfo", loader);
            Set<?> domain = (Set<?>) call(outputInfo, "org.tribuo.OutputInfo", "getDomain", loader);
            return new ModelSignature(inputs, outputs(domain));
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }

    private static List<ModelSignature.ColSpec> outputs(Set<?> domain) throws ReflectiveOperationException {
        List<ModelSignature.ColSpec> out = new ArrayList<>();
        if (domain.isEmpty()) return out;
        Object first = domain.iterator().next();
        Class<?> c = first.getClass();
        if (isA(c, "org.tribuo.classification.Label") || isA(c, "org.tribuo.multilabel.MultiLabel")) {
            out.add(new ModelSignature.ColSpec("label", "string"));
        } else if (isA(c, "org.tribuo.regression.Regressor")) {
            Set<String> names = new java.util.TreeSet<>(); // the domain holds one single-dimension regressor per dimension
            for (Object dimension : domain) names.addAll(List.of((String[]) c.getMethod("getNames").invoke(dimension)));
            for (String name : names) out.add(new ModelSignature.ColSpec(name, "double"));
        } else if (isA(c, "org.tribuo.clustering.ClusterID")) {
            out.add(new ModelSignature.ColSpec("cluster", "integer"));
        } else if (isA(c, "org.tribuo.anomaly.Event")) {
            out.add(new ModelSignature.ColSpec("event", "string"));
        }
        return out;
    }

    /** Calls a public no-argument method through the public Tribuo type that declares it. */
    private static Object call(Object target, String declaringType, String method, ClassLoader loader)
            throws ReflectiveOperationException {
        return Class.forName(declaringType, false, loader).getMethod(method).invoke(target);
    }

    private static Class<?> tribuoClass(String name) throws ClassNotFoundException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            try {
                return Class.forName(name, true, context);
            } catch (ClassNotFoundException ignored) {
                // try our own loader
            }
        }
        return Class.forName(name, true, TribuoModelFlavor.class.getClassLoader());
    }

    private static String tribuoVersion(ClassLoader loader) {
        try {
            return String.valueOf(Class.forName("org.tribuo.Tribuo", true, loader).getField("VERSION").get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return "unknown";
        }
    }

    /** True when {@code type} is, extends or implements the class named {@code name} (by name, any class loader). */
    static boolean isA(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) return true;
            for (Class<?> i : c.getInterfaces()) if (isA(i, name)) return true;
        }
        return false;
    }
}
