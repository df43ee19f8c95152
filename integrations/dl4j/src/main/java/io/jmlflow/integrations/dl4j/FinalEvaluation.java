package io.jmlflow.integrations.dl4j;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model evaluated on its training iterator once training ended: accuracy, precision, recall and F1 (macro
 * averages, as DL4J's {@code Evaluation} reports them) for classification, MSE/MAE/RMSE/R² for regression; the kind is
 * taken from the output layer's loss function, and other losses are not evaluated. Small batches are merged into
 * batches of up to {@link #MERGED_ROWS} rows (for small networks the per-batch overhead dominates the cost), at
 * most {@code maxExamples} examples are read, and the iterator is reset afterwards.
 */
final class FinalEvaluation {
    static final int MERGED_ROWS = 1024;

    /** Metrics (keys {@code training_*}) and DL4J's text report. */
    record Result(Map<String, Double> metrics, String report, long examples) {
    }

    private FinalEvaluation() {
    }

    /** True when the model's output layer is one this class can evaluate. */
    static boolean supported(Model model) {
        return kind(ModelDescription.outputLoss(model)) != null;
    }

    /** Evaluates; null when the iterator cannot be reset, the loss is not supported, or there was no data. */
    static Result evaluate(Model model, Object iterator, long maxExamples) {
        String kind = kind(ModelDescription.outputLoss(model));
        if (kind == null || maxExamples <= 0) return null;
        IEvaluation<?> evaluation = kind.equals("classification") ? new Evaluation() : new RegressionEvaluation();
        long examples;
        if (iterator instanceof DataSetIterator) {
            DataSetIterator it = (DataSetIterator) iterator;
            if (!it.resetSupported()) return null;
            it.reset();
            try {
                examples = evaluate(model, it, evaluation, maxExamples);
            } finally {
                it.reset();
            }
        } else if (iterator instanceof MultiDataSetIterator) {
            MultiDataSetIterator it = (MultiDataSetIterator) iterator;
            if (!it.resetSupported()) return null;
            it.reset();
            try {
                examples = evaluate(model, it, evaluation, maxExamples);
            } finally {
                it.reset();
            }
        } else {
            return null;
        }
        if (examples == 0) return null;
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (evaluation instanceof Evaluation) {
            Evaluation e = (Evaluation) evaluation;
            metrics.put("training_accuracy", e.accuracy());
            metrics.put("training_precision", e.precision());
            metrics.put("training_recall", e.recall());
            metrics.put("training_f1", e.f1());
        } else {
            RegressionEvaluation e = (RegressionEvaluation) evaluation;
            metrics.put("training_mse", e.averageMeanSquaredError());
            metrics.put("training_mae", e.averageMeanAbsoluteError());
            metrics.put("training_rmse", e.averagerootMeanSquaredError());
            metrics.put("training_r2", e.averageRSquared());
        }
        metrics.values().removeIf(v -> v == null || v.isNaN() || v.isInfinite());
        return new Result(metrics, evaluation.stats(), examples);
    }

    static String kind(ILossFunction loss) {
        if (loss == null) return null;
        switch (loss.getClass().getSimpleName()) {
            case "LossMCXENT":
            case "LossNegativeLogLikelihood":
            case "LossBinaryXENT":
            case "LossHinge":
            case "LossSquaredHinge":
                return "classification";
            case "LossMSE":
            case "LossL2":
            case "LossL1":
            case "LossMAE":
            case "LossMSLE":
            case "LossMAPE":
                return "regression";
            default:
                return null;
        }
    }

    private static long evaluate(Model model, DataSetIterator it, IEvaluation<?> evaluation, long max) {
        long seen = 0;
        List<DataSet> pending = new ArrayList<>();
        long pendingRows = 0;
        while (it.hasNext() && seen < max) {
            DataSet ds = it.next();
            if (ds == null || ds.getFeatures() == null || ds.getLabels() == null) continue;
            long rows = ds.getFeatures().size(0);
            seen += rows;
            if (ds.getFeatures().rank() == 2 && ds.getFeaturesMaskArray() == null && ds.getLabelsMaskArray() == null) {
                pending.add(ds);
                pendingRows += rows;
                if (pendingRows >= MERGED_ROWS) {
                    batch(model, DataSet.merge(pending), evaluation);
                    pending.clear();
                    pendingRows = 0;
                }
            } else {
                batch(model, ds, evaluation);
            }
        }
        if (!pending.isEmpty()) batch(model, pending.size() == 1 ? pending.get(0) : DataSet.merge(pending), evaluation);
        return seen;
    }

    private static long evaluate(Model model, MultiDataSetIterator it, IEvaluation<?> evaluation, long max) {
        long seen = 0;
        while (it.hasNext() && seen < max) {
            MultiDataSet mds = it.next();
            if (mds == null || mds.getFeatures() == null || mds.getLabels() == null) continue;
            seen += mds.getFeatures(0).size(0);
            INDArray[] fm = mds.getFeaturesMaskArrays();
            INDArray[] lm = mds.getLabelsMaskArrays();
            INDArray output;
            if (model instanceof ComputationGraph) {
                output = ((ComputationGraph) model).output(false, mds.getFeatures(), fm, lm)[0];
            } else {
                output = ((MultiLayerNetwork) model).output(mds.getFeatures(0), false, fm == null ? null : fm[0],
                        lm == null ? null : lm[0]);
            }
            score(evaluation, mds.getLabels(0), output, lm == null ? null : lm[0]);
        }
        return seen;
    }

    private static void batch(Model model, DataSet ds, IEvaluation<?> evaluation) {
        INDArray output;
        if (model instanceof ComputationGraph) {
            INDArray[] fm = ds.getFeaturesMaskArray() == null ? null : new INDArray[] {ds.getFeaturesMaskArray()};
            INDArray[] lm = ds.getLabelsMaskArray() == null ? null : new INDArray[] {ds.getLabelsMaskArray()};
            output = ((ComputationGraph) model).output(false, new INDArray[] {ds.getFeatures()}, fm, lm)[0];
        } else {
            output = ((MultiLayerNetwork) model).output(ds.getFeatures(), false, ds.getFeaturesMaskArray(),
                    ds.getLabelsMaskArray());
        }
        score(evaluation, ds.getLabels(), output, ds.getLabelsMaskArray());
    }

    private static void score(IEvaluation<?> evaluation, INDArray labels, INDArray output, INDArray labelMask) {
        evaluation.eval(labels, output, labelMask);
    }
}
