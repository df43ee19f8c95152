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

    /** All flavors, highest priority first (loops, not streams: this runs in every autologged run's end). */
    public static List<ModelFlavor> all() {
        List<ModelFlavor> out = new ArrayList<>(REGISTERED);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader own = ModelFlavors.class.getClassLoader();
        for (ClassLoader cl : context == own ? new ClassLoader[] {own} : new ClassLoader[] {context, own}) {
            if (cl == null) continue;
            try {
                for (ModelFlavor f : ServiceLoader.load(ModelFlavor.class, cl)) {
                    if (named(out, f.name()) == null) out.add(f);
                }
            } catch (Throwable ignored) {
                // a broken provider must not stop model logging with the others
            }
        }
        if (named(out, JavaSerializationFlavor.NAME) == null) out.add(new JavaSerializationFlavor());
        out.sort(BY_PRIORITY);
        return out;
    }

    private static final Comparator<ModelFlavor> BY_PRIORITY = new Comparator<ModelFlavor>() {
        @Override
        public int compare(ModelFlavor a, ModelFlavor b) {
            return Integer.compare(b.priority(), a.priority());
        }
    };

    private static ModelFlavor named(List<ModelFlavor> flavors, String name) {
        for (ModelFlavor f : flavors) if (f.name().equals(name)) return f;
        return null;
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
        return named(all(), name);
    }
}
