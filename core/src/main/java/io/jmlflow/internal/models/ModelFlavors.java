package io.jmlflow.internal.models;

import io.jmlflow.models.ModelFlavor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

/** The flavors this JVM knows: the generic Java serialization one, ServiceLoader ones, and registered ones. */
public final class ModelFlavors {
    private static final List<ModelFlavor> REGISTERED = new CopyOnWriteArrayList<>();

    private ModelFlavors() {
    }

    public static void register(ModelFlavor flavor) {
        REGISTERED.removeIf(f -> f.name().equals(flavor.name()));
        REGISTERED.add(flavor);
    }

    /** All flavors, highest priority first. */
    public static List<ModelFlavor> all() {
        List<ModelFlavor> out = new ArrayList<>(REGISTERED);
        for (ClassLoader cl : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                ModelFlavors.class.getClassLoader()}) {
            if (cl == null) continue;
            try {
                for (ModelFlavor f : ServiceLoader.load(ModelFlavor.class, cl)) {
                    if (out.stream().noneMatch(x -> x.name().equals(f.name()))) out.add(f);
                }
            } catch (Throwable ignored) {
                // a broken provider must not stop model logging with the others
            }
        }
        if (out.stream().noneMatch(x -> x.name().equals(JavaSerializationFlavor.NAME))) {
            out.add(new JavaSerializationFlavor());
        }
        out.sort(Comparator.comparingInt(ModelFlavor::priority).reversed());
        return out;
    }

    /** The best flavor able to save the model, or null. */
    public static ModelFlavor forModel(Object model) {
        for (ModelFlavor f : all()) {
            try {
                if (f.canSave(model)) return f;
            } catch (Throwable ignored) {
                // try the next one
            }
        }
        return null;
    }

    public static ModelFlavor byName(String name) {
        for (ModelFlavor f : all()) if (f.name().equals(name)) return f;
        return null;
    }
}
