package io.jmlflow.integrations.dl4j;

import io.jmlflow.internal.autolog.TrainingDataset;
import io.jmlflow.models.ModelSignature;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * The first rows a model trains on, copied as the listener sees them (no extra pass over the user's iterator): the
 * input(s) and labels of the first batches, up to {@code maxRows} rows. They give the train dataset input (its digest
 * covers these rows) and the sample the training metrics are computed on once training ended. Also counts the rows
 * of the first epoch (the dataset's row count; without DL4J epochs, as in {@code fit(DataSet)} loops, the rows of the
 * whole training). Batches with mask arrays are counted but not copied. Fed on the training thread; read only after
 * training ended (then on the post-training thread).
 */
final class Dl4jTrainingData {
    /** A DL4J {@code ComputationGraph} keeps its labels in a private field while it trains on a batch. */
    private static final Field GRAPH_LABELS = graphLabelsField();

    private final long maxRows;
    private final List<INDArray[]> inputs = new ArrayList<>();
    private final List<INDArray> labels = new ArrayList<>();
    private long copiedRows;
    private long countedRows;
    private boolean counting = true;
    private boolean full;
    private boolean broken;
    private Runnable whenComplete;
    /** The dataset input once described ({@link #describe}), so that it is computed once. */
    private volatile TrainingDataset described;

    Dl4jTrainingData(long maxRows) {
        this.maxRows = Math.max(0, maxRows);
        this.full = this.maxRows == 0;
    }

    /** The batch {@code m} just trained on (called from {@code iterationDone}). Cheap once the sample is full. */
    void batchDone(Model m) {
        if (!counting) return;
        INDArray[] in = inputsOf(m);
        add(in, full ? null : labelsOf(m), !full && hasMasks(m));
    }

    /**
     * A batch: counted (while counting) and copied (while not full; not when {@code masked} or without labels). Never
     * throws: a batch it cannot read ends the sample (it then gives no dataset and no metrics).
     */
    void add(INDArray[] in, INDArray label, boolean masked) {
        try {
            if (broken || in == null || in.length == 0 || in[0] == null || in[0].rank() == 0) return;
            long rows = in[0].size(0);
            if (!counting) return; // the rows of later epochs are the same rows again
            countedRows += rows;
            if (full || masked || label == null || label.rank() == 0 || label.size(0) != rows) return;
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray[] copy = new INDArray[in.length];
                for (int i = 0; i < in.length; i++) {
                    if (in[i] == null || in[i].rank() == 0 || in[i].size(0) != rows) return;
                    copy[i] = in[i].dup();
                }
                inputs.add(copy);
                labels.add(label.dup());
            }
            copiedRows += rows;
            if (copiedRows >= maxRows) full = true;
        } catch (RuntimeException e) {
            broken = true;
            full = true;
            counting = false;
            inputs.clear();
            labels.clear();
            copiedRows = 0;
            io.jmlflow.internal.Log.warnOnce("dl4j-sample", "dl4j autologging could not copy the rows of a batch (no"
                    + " dataset input and no training metrics for this model; training goes on): " + e);
        }
    }

    /** The first epoch ended: the sample and the row count are complete (then {@code whenComplete} runs, once). */
    void epochEnded() {
        if (!counting) return;
        counting = false;
        Runnable r = whenComplete;
        if (r != null) r.run();
    }

    /** What to do (on the training thread, cheaply) once the first epoch ended. */
    void whenComplete(Runnable r) {
        whenComplete = r;
    }

    long copiedRows() {
        return copiedRows;
    }

    /** Rows counted in the first epoch (or the whole training when it had no epochs). */
    long rows() {
        return countedRows;
    }

    List<INDArray[]> inputs() {
        return inputs;
    }

    List<INDArray> labels() {
        return labels;
    }

    /**
     * The train dataset input: columns {@code f0..f<n-1>} (the features of all inputs, flattened per row, in input
     * order) and {@code label} or {@code label_0..label_<k-1>}, typed as the arrays are ({@code float} for DL4J's
     * default FLOAT data); rows = {@link #rows()}; digest over the copied rows. Null when nothing was copied. The
     * model's signature ({@link #signature}) names the same columns.
     */
    TrainingDataset dataset(String name) {
        if (inputs.isEmpty()) return null;
        INDArray[] first = inputs.get(0);
        long features = 0;
        for (INDArray a : first) features += a.length() / a.size(0);
        long labelColumns = labels.get(0).length() / labels.get(0).size(0);
        if (features + labelColumns > Integer.MAX_VALUE / 16) return null;
        TrainingDataset.Builder b = TrainingDataset.builder(name).rows(Math.max(rows(), copiedRows));
        long f = 0;
        for (INDArray a : first) {
            String type = mlflowType(a.dataType());
            for (long i = a.length() / a.size(0); i > 0; i--) b.column("f" + f++, type);
        }
        for (String label : labelNames(labelColumns)) b.column(label, mlflowType(labels.get(0).dataType()));
        long added = 0;
        for (int batch = 0; batch < inputs.size() && added < TrainingDataset.DIGEST_ROWS; batch++) {
            INDArray[] in = inputs.get(batch);
            double[][] parts = new double[in.length + 1][];
            int[] widths = new int[parts.length];
            for (int i = 0; i <= in.length; i++) {
                INDArray a = i < in.length ? in[i] : labels.get(batch);
                parts[i] = values(a);
                widths[i] = (int) (a.length() / a.size(0));
            }
            int rows = (int) in[0].size(0);
            for (int r = 0; r < rows && added < TrainingDataset.DIGEST_ROWS; r++, added++) {
                double[] row = new double[(int) (features + labelColumns)];
                int at = 0;
                for (int i = 0; i < parts.length; i++) {
                    System.arraycopy(parts[i], r * widths[i], row, at, widths[i]);
                    at += widths[i];
                }
                b.addRow(row);
            }
        }
        return b.build();
    }

    /** The dataset input, described once (later calls give the same one); null when nothing was copied. */
    synchronized TrainingDataset describe(String name) {
        TrainingDataset d = described;
        if (d == null) described = d = dataset(name);
        return d;
    }

    /** The dataset input if {@link #describe} described it, else null. */
    TrainingDataset described() {
        return described;
    }

    /**
     * A column signature matching {@link #dataset}: inputs {@code f0..f<n-1>}, outputs {@code label} or
     * {@code label_0..} (one per output column the labels have), typed as {@code dataType} (the network's: it casts
     * its inputs to that type); null for data that is not one row of at most {@value #MAX_SIGNATURE_COLUMNS} values
     * per example and array (images, sequences), or when nothing was copied.
     */
    ModelSignature signature(DataType dataType) {
        if (inputs.isEmpty()) return null;
        String type = mlflowType(dataType);
        java.util.List<ModelSignature.ColSpec> in = new ArrayList<>();
        for (INDArray a : inputs.get(0)) {
            if (a.rank() != 2) return null;
            for (long i = 0; i < a.size(1) && in.size() <= MAX_SIGNATURE_COLUMNS; i++) {
                in.add(new ModelSignature.ColSpec("f" + in.size(), type));
            }
        }
        INDArray l = labels.get(0);
        if (l.rank() != 2 || in.size() > MAX_SIGNATURE_COLUMNS || l.size(1) > MAX_SIGNATURE_COLUMNS) return null;
        java.util.List<ModelSignature.ColSpec> out = new ArrayList<>();
        for (String label : labelNames(l.size(1))) out.add(new ModelSignature.ColSpec(label, type));
        return new ModelSignature(in, out);
    }

    /** Signatures are written for at most this many input (and output) columns. */
    static final int MAX_SIGNATURE_COLUMNS = 1000;

    private static List<String> labelNames(long columns) {
        List<String> names = new ArrayList<>();
        if (columns == 1) {
            names.add("label");
        } else {
            for (long i = 0; i < columns; i++) names.add("label_" + i);
        }
        return names;
    }

    /** MLflow's column type for an ND4J data type. */
    static String mlflowType(DataType t) {
        if (t == null || t == DataType.DOUBLE) return "double";
        if (t == DataType.FLOAT || t == DataType.HALF || t == DataType.BFLOAT16) return "float";
        if (t == DataType.LONG || t == DataType.UINT64 || t == DataType.UINT32) return "long";
        if (t == DataType.BOOL) return "boolean";
        if (t == DataType.UTF8) return "string";
        return t.isIntType() ? "integer" : "double";
    }

    /**
     * All values of {@code a} in C order, read in one go ({@code toDoubleMatrix} reads row by row, which costs
     * about a thousand times more on small rows).
     */
    static double[] values(INDArray a) {
        INDArray c = a.dup('c');
        if (c.dataType() != DataType.DOUBLE) c = c.castTo(DataType.DOUBLE);
        double[] v = c.data().asDouble();
        if (v.length == c.length()) return v;
        double[] exact = new double[(int) c.length()];
        System.arraycopy(v, (int) c.offset(), exact, 0, exact.length);
        return exact;
    }

    static INDArray[] inputsOf(Model m) {
        if (m instanceof ComputationGraph) return ((ComputationGraph) m).getInputs();
        INDArray in = m.input();
        return in == null ? null : new INDArray[] {in};
    }

    /** The labels of the first output of the batch being trained on, or null. */
    static INDArray labelsOf(Model m) {
        if (m instanceof MultiLayerNetwork) return ((MultiLayerNetwork) m).getLabels();
        if (m instanceof ComputationGraph && GRAPH_LABELS != null) {
            try {
                INDArray[] l = (INDArray[]) GRAPH_LABELS.get(m);
                return l == null || l.length == 0 ? null : l[0];
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean hasMasks(Model m) {
        if (m instanceof MultiLayerNetwork) {
            return ((MultiLayerNetwork) m).getMaskArray() != null;
        }
        if (m instanceof ComputationGraph) {
            INDArray[] fm = ((ComputationGraph) m).getInputMaskArrays();
            INDArray[] lm = ((ComputationGraph) m).getLabelMaskArrays();
            return anyNonNull(fm) || anyNonNull(lm);
        }
        return false;
    }

    private static boolean anyNonNull(INDArray[] arrays) {
        if (arrays == null) return false;
        for (INDArray a : arrays) if (a != null) return true;
        return false;
    }

    private static Field graphLabelsField() {
        try {
            Field f = ComputationGraph.class.getDeclaredField("labels");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another DL4J version: graphs are trained without a sample (no digest, no training metrics)
        }
    }
}
