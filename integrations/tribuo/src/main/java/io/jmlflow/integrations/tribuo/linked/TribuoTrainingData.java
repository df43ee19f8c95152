package io.jmlflow.integrations.tribuo.linked;

import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.OutputFactory;
import org.tribuo.Prediction;
import org.tribuo.provenance.DataProvenance;

import java.util.ArrayList;
import java.util.List;

/**
 * What post-training work reads of a dataset, taken on the caller's thread because Tribuo datasets and examples
 * are mutable: copies of an evenly spaced sample of at most {@link #MAX_ROWS} examples (all of them for smaller
 * data; examples {@code i * size / MAX_ROWS} otherwise), the dataset's size and its provenance. Training metrics
 * and the dataset digest are computed over this sample (param {@code training_metrics_rows} says how many rows).
 */
final class TribuoTrainingData {
    static final int MAX_ROWS = 10_000;

    private final List<Example<?>> examples;
    private final int totalRows;
    private final DataProvenance provenance;
    private final OutputFactory<?> outputFactory;

    private TribuoTrainingData(List<Example<?>> examples, int totalRows, DataProvenance provenance,
                               OutputFactory<?> factory) {
        this.examples = examples;
        this.totalRows = totalRows;
        this.provenance = provenance;
        this.outputFactory = factory;
    }

    /** Copies the sample of {@code data}'s examples. */
    static TribuoTrainingData of(Dataset<?> data) {
        List<? extends Example<?>> all = data.getData();
        List<Example<?>> copies = new ArrayList<>();
        for (Example<?> e : spaced(all, MAX_ROWS)) copies.add(e.copy());
        return new TribuoTrainingData(copies, all.size(), data.getProvenance(), data.getOutputFactory());
    }

    /** Copies the sample of the examples an evaluation predicted. */
    static TribuoTrainingData ofPredictions(List<? extends Prediction<?>> predictions, DataProvenance provenance) {
        List<Example<?>> copies = new ArrayList<>();
        for (Prediction<?> p : spaced(predictions, MAX_ROWS)) copies.add(p.getExample().copy());
        return new TribuoTrainingData(copies, predictions.size(), provenance, null);
    }

    /** At most {@code max} elements of {@code all}, evenly spaced, in order. */
    static <E> List<E> spaced(List<? extends E> all, int max) {
        int n = all.size();
        if (n <= max) return new ArrayList<>(all);
        List<E> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) out.add(all.get((int) ((long) i * n / max)));
        return out;
    }

    List<Example<?>> examples() {
        return examples;
    }

    int totalRows() {
        return totalRows;
    }

    DataProvenance provenance() {
        return provenance;
    }

    /** The dataset's output factory (its evaluator computes the metrics of outputs MLflow has no names for). */
    OutputFactory<?> outputFactory() {
        return outputFactory;
    }
}
