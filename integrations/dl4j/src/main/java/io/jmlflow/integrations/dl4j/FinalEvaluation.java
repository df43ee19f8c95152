package io.jmlflow.integrations.dl4j;

import io.jmlflow.internal.autolog.ClassificationMetrics;
import io.jmlflow.internal.autolog.RegressionMetrics;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trained model evaluated on its {@link Dl4jTrainingData} (the first rows it trained on, at most
 * {@code autolog.dl4j.evaluation.max.examples}), with MLflow's metric names: for classification losses
 * {@code training_accuracy_score}, {@code training_precision_score}, {@code training_recall_score},
 * {@code training_f1_score} (weighted averages), {@code training_log_loss} and {@code training_roc_auc} (when the
 * output activation gives probabilities: softmax, sigmoid) and {@code training_score} (= accuracy); for regression
 * losses {@code training_mean_squared_error}, {@code training_root_mean_squared_error},
 * {@code training_mean_absolute_error}, {@code training_r2_score} and {@code training_score} (= R²; several outputs:
 * the mean over the outputs, as scikit-learn's uniform average). The kind is taken from the output layer's loss;
 * other losses, and outputs that are not one row per example (time series), are not evaluated. Runs on a copy of
 * the model after training, off the training thread.
 */
final class FinalEvaluation {
    static final int BATCH_ROWS = 1024;
    static final String PREFIX = "training_";

    /**
     * Metrics (keys {@code training_*}), DL4J's text report, and for classifiers what the plots need (class indices of
     * truth and prediction, probabilities or null, the number of classes).
     */
    record Result(Map<String, Double> metrics, String report, long examples, int[] truth, int[] predicted,
                  double[][] probabilities, int classes) {
        boolean classification() {
            return truth != null;
        }
    }

    private FinalEvaluation() {
    }

    /** True when the model's output layer is one this class can evaluate. */
    static boolean supported(Model model) {
        return kind(ModelDescription.outputLoss(model)) != null;
    }

    /** Evaluates {@code model} on at most {@code maxExamples} rows of {@code sample}; null when there is nothing to evaluate. */
    static Result evaluate(Model model, Dl4jTrainingData sample, long maxExamples) {
        if (sample == null) return null;
        return evaluate(model, sample.inputs(), sample.labels(), maxExamples);
    }

    /** Evaluates {@code model} on batches of inputs and labels (rank 2 labels only). */
    static Result evaluate(Model model, List<INDArray[]> inputs, List<INDArray> labels, long maxExamples) {
        String kind = kind(ModelDescription.outputLoss(model));
        if (kind == null || maxExamples <= 0 || inputs.isEmpty()) return null;
        List<INDArray> truths = new ArrayList<>();
        List<INDArray> outputs = new ArrayList<>();
        long seen = 0;
        List<INDArray[]> pending = new ArrayList<>();
        List<INDArray> pendingLabels = new ArrayList<>();
        long pendingRows = 0;
        for (int b = 0; b < inputs.size() && seen < maxExamples; b++) {
            INDArray label = labels.get(b);
            if (label.rank() != 2) return null;
            long rows = Math.min(label.size(0), maxExamples - seen);
            INDArray[] in = inputs.get(b);
            if (rows < label.size(0)) {
                INDArray[] cut = new INDArray[in.length];
                for (int i = 0; i < in.length; i++) cut[i] = firstRows(in[i], rows);
                in = cut;
                label = firstRows(label, rows);
            }
            pending.add(in);
            pendingLabels.add(label);
            pendingRows += rows;
            seen += rows;
            if (pendingRows >= BATCH_ROWS) {
                forward(model, pending, pendingLabels, truths, outputs);
                pending.clear();
                pendingLabels.clear();
                pendingRows = 0;
            }
        }
        if (!pending.isEmpty()) forward(model, pending, pendingLabels, truths, outputs);
        if (seen == 0) return null;
        INDArray truth = truths.size() == 1 ? truths.get(0) : Nd4j.vstack(truths.toArray(new INDArray[0]));
        INDArray output = outputs.size() == 1 ? outputs.get(0) : Nd4j.vstack(outputs.toArray(new INDArray[0]));
        if (output.rank() != 2 || output.size(0) != truth.size(0)) return null;
        return kind.equals("classification")
                ? classification(truth, output, probabilities(ModelDescription.outputActivation(model)), seen)
                : regression(truth, output, seen);
    }

    private static Result classification(INDArray truthArray, INDArray outputArray, boolean probabilities, long seen) {
        int n = (int) outputArray.size(0);
        int columns = (int) outputArray.size(1);
        int labelColumns = (int) truthArray.size(1);
        if (labelColumns != columns) return null;
        double[][] truth = rows(Dl4jTrainingData.values(truthArray), n, columns);
        double[][] output = rows(Dl4jTrainingData.values(outputArray), n, columns);
        int classes = columns == 1 ? 2 : columns;
        int[] t = new int[n];
        int[] p = new int[n];
        double[][] probs = probabilities ? new double[n][] : null;
        for (int i = 0; i < n; i++) {
            if (columns == 1) {
                t[i] = truth[i][0] >= 0.5 ? 1 : 0;
                p[i] = output[i][0] >= 0.5 ? 1 : 0;
                if (probs != null) probs[i] = new double[] {1 - output[i][0], output[i][0]};
            } else {
                t[i] = argMax(truth[i]);
                p[i] = argMax(output[i]);
                if (probs != null) probs[i] = output[i];
            }
        }
        Map<String, Double> metrics = prefixed(ClassificationMetrics.compute(t, p, probs, classes));
        Evaluation e = new Evaluation();
        e.eval(truthArray, outputArray);
        return new Result(metrics, report(e), seen, t, p, probs, classes);
    }

    private static Result regression(INDArray truthArray, INDArray outputArray, long seen) {
        int n = (int) outputArray.size(0);
        int columns = (int) outputArray.size(1);
        if (truthArray.size(1) != columns) return null;
        Map<String, Double> mean = RegressionMetrics.computeAveraged(
                columns(Dl4jTrainingData.values(truthArray), n, columns),
                columns(Dl4jTrainingData.values(outputArray), n, columns));
        RegressionEvaluation e = new RegressionEvaluation();
        e.eval(truthArray, outputArray);
        return new Result(prefixed(mean), report(e), seen, null, null, null, 0);
    }

    /** Row-major {@code flat} (n rows of {@code columns}) as one array per column. */
    private static double[][] columns(double[] flat, int n, int columns) {
        double[][] out = new double[columns][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < columns; c++) out[c][i] = flat[i * columns + c];
        }
        return out;
    }

    private static double[][] rows(double[] flat, int n, int columns) {
        double[][] out = new double[n][columns];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * columns, out[i], 0, columns);
        return out;
    }

    private static Map<String, Double> prefixed(Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            if (v != null && !v.isNaN() && !v.isInfinite()) out.put(PREFIX + k, v);
        });
        return out;
    }

    private static String report(IEvaluation<?> e) {
        try {
            return e.stats();
        } catch (RuntimeException ex) {
            return null;
        }
    }

    private static void forward(Model model, List<INDArray[]> inputs, List<INDArray> labels, List<INDArray> truths,
                                List<INDArray> outputs) {
        int count = inputs.get(0).length;
        INDArray[] merged = new INDArray[count];
        for (int i = 0; i < count; i++) {
            INDArray[] parts = new INDArray[inputs.size()];
            for (int b = 0; b < parts.length; b++) parts[b] = inputs.get(b)[i];
            merged[i] = parts.length == 1 ? parts[0] : Nd4j.concat(0, parts);
        }
        INDArray truth = labels.size() == 1 ? labels.get(0) : Nd4j.vstack(labels.toArray(new INDArray[0]));
        INDArray output;
        if (model instanceof ComputationGraph) {
            output = ((ComputationGraph) model).output(false, merged)[0];
        } else {
            output = ((MultiLayerNetwork) model).output(merged[0], false);
        }
        truths.add(truth);
        outputs.add(output.detach());
    }

    private static INDArray firstRows(INDArray a, long rows) {
        return a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, rows)).dup();
    }

    private static int argMax(double[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
        return best;
    }

    /** Whether outputs of this activation are class probabilities (log loss and ROC AUC are then computed). */
    static boolean probabilities(IActivation activation) {
        if (activation == null) return false;
        String name = activation.getClass().getSimpleName();
        return name.equals("ActivationSoftmax") || name.equals("ActivationSigmoid");
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
}
