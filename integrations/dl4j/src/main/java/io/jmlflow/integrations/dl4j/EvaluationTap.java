package io.jmlflow.integrations.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.List;

/**
 * Stands in for the iterator user code passes to a logged model's {@code doEvaluation} ({@code evaluate},
 * {@code evaluateROC}, ...): it delegates every call, and copies the first rows that pass through (and counts all of
 * them) into a {@link Dl4jTrainingData}, for the eval dataset input. The evaluation reads the data once, as it would
 * without autologging.
 */
final class EvaluationTap {
    private EvaluationTap() {
    }

    /** A tapping stand-in for {@code iterator}, or null when it is of no kind this can stand in for. */
    static Object wrap(Object iterator, Dl4jTrainingData sample) {
        boolean single = iterator instanceof DataSetIterator;
        boolean multi = iterator instanceof MultiDataSetIterator;
        if (single == multi) return null;
        return single ? new Single((DataSetIterator) iterator, sample) : new Multi((MultiDataSetIterator) iterator, sample);
    }

    /** The sample {@code tap} fills (null when {@code tap} is not one). */
    static Dl4jTrainingData sampleOf(Object tap) {
        if (tap instanceof Single) return ((Single) tap).sample;
        if (tap instanceof Multi) return ((Multi) tap).sample;
        return null;
    }

    /** The iterator {@code tap} stands in for. */
    static Object delegateOf(Object tap) {
        if (tap instanceof Single) return ((Single) tap).delegate;
        if (tap instanceof Multi) return ((Multi) tap).delegate;
        return tap;
    }

    private static void seen(Dl4jTrainingData sample, INDArray[] features, INDArray[] labels, boolean masked) {
        if (features == null || labels == null || labels.length == 0) return;
        synchronized (sample) {
            sample.add(features, labels[0], masked);
        }
    }

    private static boolean any(INDArray[] arrays) {
        if (arrays == null) return false;
        for (INDArray a : arrays) if (a != null) return true;
        return false;
    }

    static final class Single implements DataSetIterator {
        private static final long serialVersionUID = 1L;
        private final transient DataSetIterator delegate;
        private final transient Dl4jTrainingData sample;

        Single(DataSetIterator delegate, Dl4jTrainingData sample) {
            this.delegate = delegate;
            this.sample = sample;
        }

        private DataSet tap(DataSet ds) {
            if (ds != null) {
                seen(sample, new INDArray[] {ds.getFeatures()}, new INDArray[] {ds.getLabels()},
                        ds.getFeaturesMaskArray() != null || ds.getLabelsMaskArray() != null);
            }
            return ds;
        }

        @Override public DataSet next(int num) { return tap(delegate.next(num)); }
        @Override public DataSet next() { return tap(delegate.next()); }
        @Override public boolean hasNext() { return delegate.hasNext(); }
        @Override public void remove() { delegate.remove(); }
        @Override public int inputColumns() { return delegate.inputColumns(); }
        @Override public int totalOutcomes() { return delegate.totalOutcomes(); }
        @Override public boolean resetSupported() { return delegate.resetSupported(); }
        @Override public boolean asyncSupported() { return delegate.asyncSupported(); }
        @Override public void reset() { delegate.reset(); }
        @Override public int batch() { return delegate.batch(); }
        @Override public void setPreProcessor(DataSetPreProcessor p) { delegate.setPreProcessor(p); }
        @Override public DataSetPreProcessor getPreProcessor() { return delegate.getPreProcessor(); }
        @Override public List<String> getLabels() { return delegate.getLabels(); }
    }

    static final class Multi implements MultiDataSetIterator {
        private static final long serialVersionUID = 1L;
        private final transient MultiDataSetIterator delegate;
        private final transient Dl4jTrainingData sample;

        Multi(MultiDataSetIterator delegate, Dl4jTrainingData sample) {
            this.delegate = delegate;
            this.sample = sample;
        }

        private MultiDataSet tap(MultiDataSet mds) {
            if (mds != null) {
                seen(sample, mds.getFeatures(), mds.getLabels(),
                        any(mds.getFeaturesMaskArrays()) || any(mds.getLabelsMaskArrays()));
            }
            return mds;
        }

        @Override public MultiDataSet next(int num) { return tap(delegate.next(num)); }
        @Override public MultiDataSet next() { return tap(delegate.next()); }
        @Override public boolean hasNext() { return delegate.hasNext(); }
        @Override public void remove() { delegate.remove(); }
        @Override public void setPreProcessor(MultiDataSetPreProcessor p) { delegate.setPreProcessor(p); }
        @Override public MultiDataSetPreProcessor getPreProcessor() { return delegate.getPreProcessor(); }
        @Override public boolean resetSupported() { return delegate.resetSupported(); }
        @Override public boolean asyncSupported() { return delegate.asyncSupported(); }
        @Override public void reset() { delegate.reset(); }
    }
}
