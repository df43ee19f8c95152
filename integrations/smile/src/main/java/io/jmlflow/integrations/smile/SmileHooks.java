package io.jmlflow.integrations.smile;

import io.jmlflow.autolog.spi.AutologGuard;
import io.jmlflow.autolog.spi.CallDepth;

/**
 * What the advice woven into Smile calls, each hook through the integration's {@link AutologGuard}. Depth guards make
 * only the outermost {@code fit} of a thread (overloads call each other, ensembles call inner models' {@code fit})
 * and the outermost validation log anything. Public because the advice is inlined into Smile's classes.
 */
public final class SmileHooks {
    static final AutologGuard GUARD = AutologGuard.of(SmileRun.INTEGRATION);
    private static final CallDepth FIT = new CallDepth();
    private static final CallDepth VALIDATION = new CallDepth();
    private static final ThreadLocal<SmileTraining> FITS = new ThreadLocal<>();
    private static final ThreadLocal<SmileValidation> VALIDATIONS = new ThreadLocal<>();
    /** The outermost fit is running but not logged: nested calls have nothing to do. */
    private static final SmileTraining UNTRACKED = new SmileTraining(Object.class, "", new Object[0], null, null);

    private SmileHooks() {
    }

    /** Entry of a {@code fit} method. */
    public static void fitEnter(Class<?> type, String descriptor, Object[] args) {
        enter(type, descriptor, args, false);
    }

    /**
     * Entry of a Smile 6 {@code fit} method taking an {@code Options} record: returns the arguments to train with,
     * which differ from {@code args} only by a progress controller of ours (see {@link Progress}).
     */
    public static Object[] fitEnterWithOptions(Class<?> type, String descriptor, Object[] args) {
        return enter(type, descriptor, args, true);
    }

    private static Object[] enter(Class<?> type, String descriptor, Object[] args, boolean options) {
        int depth = FIT.enter();
        try {
            SmileTraining call;
            if (depth == 0) {
                call = start(type, descriptor, args);
                FITS.set(call);
            } else {
                call = FITS.get();
                if (call == null || call == UNTRACKED) return args;
                call.observe(type, descriptor, args);
            }
            return options && call != UNTRACKED ? call.attachProgress(type, args) : args;
        } catch (Throwable t) {
            GUARD.failed(t);
            return args;
        }
    }

    private static SmileTraining start(Class<?> type, String descriptor, Object[] args) {
        if (!GUARD.on()) return UNTRACKED;
        SmileValidation validation = VALIDATION.current() > 0 ? VALIDATIONS.get() : null;
        SmileRun run = validation != null ? validation.openChild(type) : SmileRun.open(type.getSimpleName());
        if (run == null && validation == null) return UNTRACKED;
        return new SmileTraining(type, descriptor, args, run, validation);
    }

    /** Exit of a {@code fit} method, normal or by an exception. */
    public static void fitExit(Object model, Throwable thrown) {
        if (FIT.exit() != 0) return;
        SmileTraining call = FITS.get();
        FITS.remove();
        if (call == null || call == UNTRACKED) return;
        try {
            call.finish(model, thrown);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }

    /** Entry of a cross-validation, bootstrap, leave-one-out or {@code smile.model.Model} call. */
    public static void validationEnter(Class<?> type, String method, String descriptor, Object[] args) {
        if (!GUARD.enter(VALIDATION) || FIT.current() > 0) return;
        try {
            VALIDATIONS.set(SmileValidation.start(type, method, descriptor, args));
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }

    /** Exit of a validation call. */
    public static void validationExit(Object result, Throwable thrown) {
        if (VALIDATION.exit() != 0) return;
        SmileValidation call = VALIDATIONS.get();
        VALIDATIONS.remove();
        if (call == null) return;
        try {
            call.finish(result, thrown);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }

    /** Exit of a batch {@code predict} of a classifier or regressor (see {@link Evaluations}). */
    public static void predicted(Object model, Object[] args, Object prediction) {
        if (GUARD.broken()) return;
        try {
            Evaluations.predicted(model, args.length > 0 ? args[0] : null, prediction);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }

    /** Entry of a static {@code of} of a {@code smile.validation.metric} class. */
    public static void metric(Object[] args) {
        if (GUARD.broken()) return;
        try {
            Evaluations.metric(args);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }

    /** Exit of a {@code smile.io} reader returning a data frame read from {@code args[0]} (a file name or path). */
    public static void read(Object[] args, Object frame) {
        if (GUARD.broken() || frame == null || args.length == 0) return;
        try {
            if (args[0] instanceof String || args[0] instanceof java.nio.file.Path) SmileDatasets.read(frame, args[0]);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }

    /**
     * Entry of a static {@code ClassificationValidation.of} / {@code RegressionValidation.of}: its test data
     * ({@code args[2]}) becomes the thread's validation input; returns the one it replaces (for
     * {@link #validatingEnded}).
     */
    public static Object validating(Object[] args) {
        if (GUARD.broken()) return null;
        try {
            return Evaluations.validating(args.length > 2 ? args[2] : null);
        } catch (Throwable t) {
            GUARD.failed(t);
            return null;
        }
    }

    /** Exit of that {@code of}: the previous validation input is restored. */
    public static void validatingEnded(Object previous) {
        try {
            Evaluations.validatingEnded(previous);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }

    /** Exit of a {@code ClassificationValidation} / {@code RegressionValidation} constructor. */
    public static void validated(Object[] args) {
        if (GUARD.broken()) return;
        try {
            Evaluations.validation(args);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }
}
