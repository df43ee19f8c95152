package io.jmlflow.integrations.tribuo;

import java.util.Map;

/**
 * What {@link TribuoHooks} asks of the code that is linked against Tribuo (package {@code linked}). Only plain
 * types cross this boundary, so the implementation can be loaded next to whichever copy of Tribuo the
 * application uses (see {@link LinkedClassLoader}).
 */
public interface TribuoSupport {

    /** Starts recording the outermost training call; null when nothing is to be recorded (autologging off, ...). */
    Training trainingStarted(Object trainer, Object dataset);

    /** A user's {@code Evaluator.evaluate} call returned {@code evaluation} for {@code model}. */
    void evaluated(Object model, Object evaluation);

    /**
     * Starts recording an outermost {@code CrossValidation.evaluate()} of {@code trainer} on {@code dataset} with
     * {@code folds} folds; null when nothing is to be recorded.
     */
    default CrossValidation crossValidationStarted(Object trainer, Object dataset, int folds) {
        return null;
    }

    /** One outermost training call being recorded. */
    interface Training {

        /** The run provenance map to train with: {@code runProvenance}, or a copy with the run id added. */
        Map<String, ?> runProvenance(Object trainer, Map<String, ?> runProvenance);

        /** Training returned {@code model} or threw {@code thrown}: log the results and end the run. */
        void finish(Object model, Throwable thrown);
    }

    /** One outermost cross-validation being recorded. */
    interface CrossValidation {

        /** {@code evaluate()} returned {@code results} (a list of evaluation/model pairs, one per fold) or threw. */
        void finish(Object results, Throwable thrown);
    }
}
