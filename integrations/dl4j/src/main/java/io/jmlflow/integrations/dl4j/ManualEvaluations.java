package io.jmlflow.integrations.dl4j;

import io.jmlflow.internal.WeakIdentityMap;
import io.jmlflow.internal.autolog.TrainedModels;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluations the user runs by hand on a model autologging logged, as with Smile's {@code Accuracy.of(truth,
 * model.predict(x))}: {@code new Evaluation().eval(labels, net.output(x))} (any {@code IEvaluation}'s
 * {@code eval(labels, predictions)}, also called batch by batch). Followed:
 * <ul>
 *   <li>the {@code output} / {@code outputSingle} of such a model (not while it trains): the returned array is
 *       remembered weakly with the model and its input;</li>
 *   <li>an {@code eval(labels, predictions)} whose predictions are such an array: the evaluation object is followed,
 *       and the first rows it is given (input and labels, at most 10,000) are copied for its {@code eval} dataset
 *       input;</li>
 *   <li>when the user reads a followed evaluation ({@code stats()}, {@code accuracy()}, {@code precision()},
 *       {@code recall()}, {@code f1()}; a regression's {@code stats()} and averages; a ROC's {@code calculateAUC()})
 *       after new rows were added to it: its metrics as {@link PostTrainingEvaluation} names them, logged once per
 *       such read; evaluations never read are logged at JVM exit.</li>
 * </ul>
 * Cost for other models and evaluations: one volatile read and an identity lookup per call.
 */
final class ManualEvaluations {
    /** An evaluation being followed: where it goes, the rows it was given and how many of them were logged. */
    static final class Followed {
        final PostTrainingEvaluation.Call call;
        long rows;
        long loggedRows;

        Followed(PostTrainingEvaluation.Call call) {
            this.call = call;
        }
    }

    private record Prediction(PostTrainingEvaluation.Call call, INDArray input) {
    }

    private static final WeakIdentityMap<Object, Prediction> PREDICTIONS = new WeakIdentityMap<>();
    private static final WeakIdentityMap<Object, Followed> FOLLOWED = new WeakIdentityMap<>();
    /** Followed evaluations, for the exit (weakly: an evaluation the user dropped is not kept alive). */
    private static final List<java.lang.ref.WeakReference<IEvaluation<?>>> ALL = new ArrayList<>();

    private ManualEvaluations() {
    }

    /** {@code model.output(...)} returned {@code result} for {@code args}: remembered when the model is a logged one. */
    static void output(Object model, Object[] args, Object result) {
        if (!TrainedModels.any() || result == null) return;
        PostTrainingEvaluation.Call call = PostTrainingEvaluation.callFor(model);
        if (call == null) return;
        INDArray input = null;
        for (Object a : args) {
            if (a instanceof INDArray) {
                input = (INDArray) a;
                break;
            }
            if (a instanceof INDArray[] && ((INDArray[]) a).length == 1) {
                input = ((INDArray[]) a)[0];
                break;
            }
        }
        Prediction p = new Prediction(call, input);
        if (result instanceof INDArray[]) {
            for (INDArray r : (INDArray[]) result) if (r != null) PREDICTIONS.put(r, p);
        } else {
            PREDICTIONS.put(result, p);
        }
    }

    /** {@code evaluation.eval(labels, predictions)} returned: follows the evaluation when the predictions are ours. */
    static void evaluated(Object evaluation, Object labels, Object predictions) {
        if (!TrainedModels.any() || !(evaluation instanceof IEvaluation) || predictions == null) return;
        Prediction p = PREDICTIONS.get(predictions);
        if (p == null) return;
        Followed f;
        synchronized (FOLLOWED) {
            f = FOLLOWED.get(evaluation);
            if (f == null) {
                f = new Followed(p.call);
                f.call.key = evaluation;
                FOLLOWED.put(evaluation, f);
                ALL.add(new java.lang.ref.WeakReference<>((IEvaluation<?>) evaluation));
            }
        }
        INDArray out = (INDArray) predictions;
        f.rows += out.rank() == 0 ? 0 : out.size(0);
        if (p.input != null && labels instanceof INDArray) {
            synchronized (f.call.sample) {
                f.call.sample.add(new INDArray[] {p.input}, (INDArray) labels, false);
            }
        }
    }

    /** The user read {@code evaluation}: its metrics are logged when it got rows since they were last logged. */
    static void read(Object evaluation) {
        read(evaluation, false);
    }

    private static void read(Object evaluation, boolean now) {
        if (!TrainedModels.any()) return;
        Followed f = FOLLOWED.get(evaluation);
        if (f == null || f.rows <= f.loggedRows) return;
        f.loggedRows = f.rows;
        Map<String, Double> metrics = PostTrainingEvaluation.metricsOrNone((IEvaluation<?>) evaluation);
        if (now) PostTrainingEvaluation.log(f.call, metrics);
        else PostTrainingEvaluation.submit(f.call, metrics);
    }

    /** At JVM exit: followed evaluations that got rows nobody read are logged now. */
    static void logUnreadAtExit() {
        List<IEvaluation<?>> pending = new ArrayList<>();
        synchronized (FOLLOWED) {
            for (java.lang.ref.WeakReference<IEvaluation<?>> r : ALL) {
                IEvaluation<?> e = r.get();
                if (e != null) pending.add(e);
            }
        }
        for (IEvaluation<?> e : pending) read(e, true); // the exit hooks run concurrently: no post-training thread
    }
}
