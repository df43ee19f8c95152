package io.jmlflow.internal.models;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one Java-serialized model through a {@link ModelClassFilter}, resolving classes through the thread's context
 * class loader first (the application's, where the model classes live when this code sits in the agent's loader).
 *
 * <p>It also bounds what nested collections cost: a set of sets that share their members (a 1 kB file can nest a
 * hundred levels) makes each {@code hashCode} walk every path through them, which grows exponentially. As each JDK
 * collection or map is completed, before anything hashes it, the steps a {@code hashCode} of it takes are counted
 * from those of its members, and the file is refused once their sum passes the filter's {@code maxhash}.
 */
final class ModelObjectInput extends ObjectInputStream {
    private static final int BUFFER = 1 << 16;

    private final ClassLoader context = Thread.currentThread().getContextClassLoader();
    private final ModelClassFilter filter;
    private final IdentityHashMap<Object, Long> hashSteps = new IdentityHashMap<>();
    private long totalHashSteps;

    private ModelObjectInput(InputStream in, ModelClassFilter filter) throws IOException {
        super(in);
        this.filter = filter;
        setObjectInputFilter(filter);
        enableResolveObject(true);
    }

    /**
     * The model in {@code in} ({@code size} bytes), which must be a {@code declaredClass} (null: not checked) made of
     * classes of the JDK's and those {@code libraryPatterns} name.
     *
     * @throws InvalidObjectException when the file is refused, saying why and how to widen the filter
     */
    static Object read(InputStream in, long size, String declaredClass, List<String> libraryPatterns)
            throws IOException, ClassNotFoundException {
        ModelClassFilter filter = new ModelClassFilter(declaredClass, libraryPatterns, size);
        try (ModelObjectInput o = new ModelObjectInput(new BufferedInputStream(in, BUFFER), filter)) {
            Object model = o.readObject();
            if (declaredClass != null && (model == null || !model.getClass().getName().equals(declaredClass))) {
                filter.rejectedBecause("the file holds a " + (model == null ? "null" : model.getClass().getName())
                        + " where the MLmodel declares a " + declaredClass);
                throw refused(filter);
            }
            return model;
        } catch (IOException e) {
            if (filter.rejection() != null) throw refused(filter);
            throw e;
        } catch (StackOverflowError e) {
            filter.rejectedBecause("objects nested too deeply for this thread's stack");
            throw refused(filter);
        }
    }

    private static InvalidObjectException refused(ModelClassFilter filter) {
        return new InvalidObjectException("the model file was refused: " + filter.rejection() + ". Loading a model "
                + "runs the code of the classes it names, so only those of its library and the JDK's are read; if you "
                + "trust this file, widen the filter with " + ModelClassFilter.CONFIG_KEY + " (e.g. -Dmlflow."
                + ModelClassFilter.CONFIG_KEY + "=com.example.**)");
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        if (context != null) {
            try {
                return Class.forName(desc.getName(), false, context);
            } catch (ClassNotFoundException ignored) {
                // fall back to the default resolution
            }
        }
        return super.resolveClass(desc);
    }

    @Override
    protected Object resolveObject(Object obj) throws IOException {
        if ((obj instanceof Collection || obj instanceof Map) && obj.getClass().getName().startsWith("java.")) {
            long steps = 1;
            if (obj instanceof Map) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) obj).entrySet()) {
                    steps = add(add(steps, stepsOf(e.getKey())), stepsOf(e.getValue()));
                }
            } else {
                for (Object e : (Collection<?>) obj) steps = add(steps, stepsOf(e));
            }
            hashSteps.put(obj, steps);
            totalHashSteps = add(totalHashSteps, steps);
            if (totalHashSteps > filter.maxHash) {
                filter.rejectedBecause("its nested collections would cost more than " + filter.maxHash
                        + " hashing steps (at most maxhash)");
                throw new InvalidObjectException(filter.rejection());
            }
        }
        return obj;
    }

    private long stepsOf(Object member) {
        Long s = member == null ? null : hashSteps.get(member);
        return s == null ? 1 : s;
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
