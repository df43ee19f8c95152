package io.jmlflow.integrations.tribuo;

import io.jmlflow.autolog.spi.AutologGuard;
import io.jmlflow.autolog.spi.CallDepth;
import io.jmlflow.internal.Log;

import java.util.Map;

/**
 * The one class the advice calls, each hook through the integration's {@link AutologGuard}. It keeps the per-thread
 * nesting (only the outermost {@code train} and {@code evaluate} calls count: overloads, ensembles and their inner
 * trainers, and evaluations made during training log nothing of their own) and hands the outermost calls to the
 * {@link TribuoSupport} for the copy of Tribuo the trainer or model comes from. A training already being recorded
 * still ends its run after a failure switched the integration off.
 */
public final class TribuoHooks {
    /** The key of the MLflow run id in a model's instance provenance ({@code ModelProvenance.getInstanceProvenance()}). */
    public static final String RUN_ID_KEY = "mlflow-run-id";

    private static final String IMPL = "io.jmlflow.integrations.tribuo.linked.TribuoAutologger";
    private static final TribuoSupport NONE = new TribuoSupport() {
        @Override
        public Training trainingStarted(Object trainer, Object dataset) {
            return null;
        }

        @Override
        public void evaluated(Object model, Object evaluation) {
        }
    };
    static final AutologGuard GUARD = AutologGuard.of(TribuoIntegration.NAME);
    private static final CallDepth TRAIN = new CallDepth();
    private static final CallDepth EVALUATE = new CallDepth();
    private static final ThreadLocal<TribuoSupport.Training> SESSION = new ThreadLocal<>();
    private static final ThreadLocal<TribuoSupport.CrossValidation> CROSS_VALIDATION = new ThreadLocal<>();
    /** One implementation per copy of Tribuo, attached to that copy's {@code org.tribuo.Trainer} class. */
    private static final ClassValue<TribuoSupport> SUPPORT = new ClassValue<>() {
        @Override
        protected TribuoSupport computeValue(Class<?> trainerInterface) {
            return load(trainerInterface);
        }
    };

    private TribuoHooks() {
    }

    /** Entering a {@code train} method; returns the run provenance map the method is to use. */
    public static Map<String, ?> trainEnter(Object trainer, Object dataset, Map<String, ?> runProvenance) {
        int depth = TRAIN.enter();
        try {
            TribuoSupport.Training session;
            if (depth == 0) {
                session = GUARD.on() ? support(trainer).trainingStarted(trainer, dataset) : null;
                if (session == null) SESSION.remove();
                else SESSION.set(session);
            } else {
                session = SESSION.get();
            }
            if (session != null && runProvenance != null) return session.runProvenance(trainer, runProvenance);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
        return runProvenance;
    }

    /** Leaving a {@code train} method (normally or not); the outermost exit finishes the recording. */
    public static void trainExit(Object model, Throwable thrown) {
        if (TRAIN.exit() != 0) return;
        TribuoSupport.Training session = SESSION.get();
        if (session == null) return;
        SESSION.remove();
        EVALUATE.enter(); // the training-set evaluation made while finishing is not a user's evaluate call
        try {
            session.finish(model, thrown);
        } catch (Throwable t) {
            GUARD.failed(t);
        } finally {
            EVALUATE.exit();
        }
    }

    /**
     * Entering {@code CrossValidation.evaluate()}: counts as a training call (the folds' trainings and evaluations
     * inside it record nothing of their own); the outermost one starts a cross-validation recording.
     */
    public static void crossValidationEnter(Object trainer, Object dataset, int folds) {
        int depth = TRAIN.enter();
        EVALUATE.enter();
        if (depth != 0) return;
        SESSION.remove();
        CROSS_VALIDATION.remove();
        if (trainer == null || dataset == null || !GUARD.on()) return;
        try {
            TribuoSupport.CrossValidation session = support(trainer).crossValidationStarted(trainer, dataset, folds);
            if (session != null) CROSS_VALIDATION.set(session);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }

    /** Leaving {@code CrossValidation.evaluate()}; the outermost exit finishes the recording. */
    public static void crossValidationExit(Object results, Throwable thrown) {
        EVALUATE.exit();
        if (TRAIN.exit() != 0) return;
        TribuoSupport.CrossValidation session = CROSS_VALIDATION.get();
        if (session == null) return;
        CROSS_VALIDATION.remove();
        withoutAutologging(() -> session.finish(results, thrown));
    }

    /**
     * Runs {@code work} (autologging's own use of Tribuo, e.g. evaluations on the post-training thread) so that the
     * trainings and evaluations it makes are not recorded as the user's. Never throws.
     */
    public static void withoutAutologging(Runnable work) {
        TRAIN.enter();
        EVALUATE.enter();
        try {
            work.run();
        } catch (Throwable t) {
            Log.warn("Tribuo autologging could not record everything (training is not affected): " + t);
        } finally {
            EVALUATE.exit();
            TRAIN.exit();
        }
    }

    /**
     * {@code work} as post-training work: run later on another thread, with the calling thread's context class
     * loader (as the application had it when training) and {@link #withoutAutologging}.
     */
    public static Runnable later(Runnable work) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return () -> {
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(context);
            try {
                withoutAutologging(work);
            } finally {
                thread.setContextClassLoader(before);
            }
        };
    }

    public static void evaluateEnter() {
        EVALUATE.enter();
    }

    /** Leaving an {@code evaluate} method; the outermost one outside training is a user's evaluation. */
    public static void evaluateExit(Object model, Object evaluation, Throwable thrown) {
        if (EVALUATE.exit() != 0 || TRAIN.current() != 0) return;
        if (thrown != null || model == null || evaluation == null || !GUARD.on()) return;
        try {
            support(model).evaluated(model, evaluation);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }

    private static TribuoSupport support(Object tribuoObject) {
        ClassLoader loader = tribuoObject.getClass().getClassLoader();
        try {
            return SUPPORT.get(Class.forName("org.tribuo.Trainer", false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return NONE;
        }
    }

    /** Loads the implementation next to the Tribuo whose {@code org.tribuo.Trainer} this is. */
    private static TribuoSupport load(Class<?> trainerInterface) {
        ClassLoader ours = TribuoHooks.class.getClassLoader();
        try {
            ClassLoader implLoader = sees(ours, trainerInterface) ? ours
                    : new LinkedClassLoader(trainerInterface.getClassLoader(), ours);
            return (TribuoSupport) Class.forName(IMPL, true, implLoader).getDeclaredConstructor().newInstance();
        } catch (Throwable t) {
            Log.warnOnce("tribuo-load", "Tribuo autologging cannot work with the Tribuo loaded by "
                    + trainerInterface.getClassLoader() + " and is off for it: " + t);
            return NONE;
        }
    }

    private static boolean sees(ClassLoader loader, Class<?> type) {
        try {
            return Class.forName(type.getName(), false, loader) == type;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
