package io.jmlflow.integrations.tribuo.linked;

import io.jmlflow.internal.autolog.TrainingDataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Output;
import org.tribuo.VariableIDInfo;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Tribuo dataset as an MLflow dataset input ({@link TrainingDataset}):
 * <ul>
 *   <li>schema: one {@code double} column per feature the model knows (its feature map, in id order; at most
 *       {@link #MAX_FEATURE_COLUMNS}, wider data lists no feature columns) and one output column: {@code label}
 *       ({@code string}) for classification, {@code cluster} ({@code long}) for clustering, {@code target}
 *       ({@code double}) for one-dimensional regression, else {@code output} ({@code string});</li>
 *   <li>profile: the dataset's number of examples;</li>
 *   <li>digest: over the {@link TribuoTrainingData} rows (feature values in feature-map order, or id/value pairs for
 *       wide data, then the output's serialized form) and the shape.</li>
 * </ul>
 */
final class DatasetInputs {
    static final int MAX_FEATURE_COLUMNS = 1_000;

    private DatasetInputs() {
    }

    static TrainingDataset of(String name, ImmutableFeatureMap features, TribuoTrainingData sample) {
        TrainingDataset.Builder b = TrainingDataset.builder(name);
        int width = features.size();
        boolean dense = width <= MAX_FEATURE_COLUMNS;
        Set<String> names = new HashSet<>();
        if (dense) {
            for (int id = 0; id < width; id++) {
                String feature = features.get(id).getName();
                names.add(feature);
                b.column(feature, "double");
            }
        }
        List<Example<?>> rows = sample.examples();
        if (!rows.isEmpty()) {
            String[] column = outputColumn(rows.get(0).getOutput());
            String outputName = column[0];
            while (names.contains(outputName)) outputName = outputName + "_";
            b.column(outputName, column[1]);
        }
        b.rows(sample.totalRows());
        for (Example<?> e : rows) b.addRow(dense ? denseRow(features, e) : sparseRow(features, e));
        return b.build();
    }

    private static Object[] denseRow(ImmutableFeatureMap features, Example<?> e) {
        Object[] row = new Object[features.size() + 1];
        java.util.Arrays.fill(row, 0, features.size(), 0.0);
        for (Feature f : e) {
            VariableIDInfo info = features.get(f.getName());
            if (info != null) row[info.getID()] = f.getValue();
        }
        row[features.size()] = e.getOutput().getSerializableForm(false);
        return row;
    }

    private static Object[] sparseRow(ImmutableFeatureMap features, Example<?> e) {
        Object[] row = new Object[2 * e.size() + 1];
        int i = 0;
        for (Feature f : e) {
            VariableIDInfo info = features.get(f.getName());
            row[i++] = info == null ? -1 : info.getID();
            row[i++] = f.getValue();
        }
        row[i] = e.getOutput().getSerializableForm(false);
        return i + 1 == row.length ? row : java.util.Arrays.copyOf(row, i + 1);
    }

    /** The output column's name and MLflow type for this kind of output. */
    static String[] outputColumn(Output<?> output) {
        switch (output.getClass().getName()) {
            case "org.tribuo.classification.Label":
                return new String[] {"label", "string"};
            case "org.tribuo.clustering.ClusterID":
                return new String[] {"cluster", "long"};
            case "org.tribuo.regression.Regressor":
                return output.getSerializableForm(false).contains(",") ? new String[] {"target", "string"}
                        : new String[] {"target", "double"};
            default:
                return new String[] {"output", "string"};
        }
    }
}
