package io.jmlflow.integrations.spark;

import io.jmlflow.autolog.spi.AutologGuard;
import io.jmlflow.autolog.spi.CallDepth;

/**
 * What the inlined advice calls, each hook through the integration's {@link AutologGuard}. Public because the advice
 * runs inside Spark's classes; not an API. Only the outermost {@code fit} on a thread is logged; {@code transform}
 * and {@code evaluate} count only outside training. A tuning estimator with {@code parallelism > 1} fits and
 * evaluates on threads of its own pool: those threads inherit the training's {@link #ENCLOSING} marker when the pool
 * creates them, so their calls count as nested too.
 */
public final class SparkHooks {
    static final AutologGuard GUARD = AutologGuard.of(SparkIntegration.NAME);
    private static final CallDepth FIT = new CallDepth();
    private static final CallDepth TRANSFORM = new CallDepth();
    private static final CallDepth EVALUATE = new CallDepth();
    private static final InheritableThreadLocal<boolean[]> ENCLOSING = new InheritableThreadLocal<>();

    private SparkHooks() {
    }

    /** Entry of an estimator's {@code fit}; the training being logged, or null. */
    public static Object fitEnter(Object estimator, Object[] arguments) {
        if (!GUARD.enter(FIT) || insideTraining()) return null;
        try {
            SparkTraining training = SparkTraining.start(estimator, arguments);
            if (training != null) {
                training.enclosing[0] = true;
                ENCLOSING.set(training.enclosing);
            }
            return training;
        } catch (Throwable t) {
            GUARD.failed(t);
            return null;
        }
    }

    /** Exit of an estimator's {@code fit} (normal or exceptional); a logged call ends even after a failure elsewhere. */
    public static void fitExit(Object training, Object model, Throwable thrown) {
        FIT.exit();
        if (!(training instanceof SparkTraining)) return;
        SparkTraining t = (SparkTraining) training;
        t.enclosing[0] = false;
        ENCLOSING.remove();
        try {
            t.end(model, thrown);
        } catch (Throwable e) {
            GUARD.failed(e);
        }
    }

    public static void transformEnter() {
        TRANSFORM.enter();
    }

    /** Exit of a model's {@code transform}: a logged model's predictions are remembered for evaluations. */
    public static void transformExit(Object model, Object input, Object predictions, Throwable thrown) {
        if (TRANSFORM.exit() != 0 || thrown != null || predictions == null || FIT.current() != 0 || insideTraining()
                || !GUARD.on()) {
            return;
        }
        try {
            SparkPredictions.predicted(model, input, predictions);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }

    public static void evaluateEnter() {
        EVALUATE.enter();
    }

    /** Exit of an evaluator's {@code evaluate}: on a logged model's predictions, a metric of its run and model. */
    public static void evaluateExit(Object evaluator, Object predictions, double metric, Throwable thrown) {
        if (EVALUATE.exit() != 0 || thrown != null || FIT.current() != 0 || insideTraining() || !GUARD.on()) return;
        try {
            SparkEvaluation.evaluated(evaluator, predictions, metric);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }

    /** True on a thread created while a logged training ran (a tuning estimator's pool), while it runs. */
    private static boolean insideTraining() {
        boolean[] enclosing = ENCLOSING.get();
        return enclosing != null && enclosing[0];
    }
}
