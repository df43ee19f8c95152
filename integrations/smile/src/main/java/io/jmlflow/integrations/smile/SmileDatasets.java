package io.jmlflow.integrations.smile;

import io.jmlflow.internal.WeakIdentityMap;
import io.jmlflow.internal.autolog.TrainingDataset;

import java.lang.reflect.Array;
import java.lang.reflect.Method;

/**
 * Smile data as MLflow dataset inputs ({@link TrainingDataset}): a data frame with its columns and Smile's types, or
 * row arrays as columns {@code x0 .. x<n-1>} plus the labels as {@code label} (int, classifiers) or {@code target}
 * (double, regressors). The digest covers the first {@link TrainingDataset#DIGEST_ROWS} rows and the shape. A data
 * frame read from a file by {@code smile.io.Read} or {@code CSV.read} is named after the file ({@code houses} for
 * {@code houses.csv}); other data gets MLflow's default name {@code dataset} ({@code eval_dataset} for evaluations).
 */
final class SmileDatasets {
    /** MLflow's default name of a dataset built from arrays ({@code mlflow.data.from_numpy}). */
    static final String TRAIN_NAME = "dataset";
    static final String EVAL_NAME = "eval_dataset";
    /** Data frames read from files: the file's name without its extension. */
    private static final WeakIdentityMap<Object, String> FILE_NAMES = new WeakIdentityMap<>();

    private SmileDatasets() {
    }

    /** A data frame was read from {@code source} (a file name, path or URL as Smile's readers take them). */
    static void read(Object frame, Object source) {
        if (frame == null || source == null) return;
        String name = fileName(source.toString());
        if (name != null) FILE_NAMES.put(frame, name);
    }

    /** The name of {@code data}: its file's name when it was read from one, else {@code fallback}. */
    static String nameOf(Object data, String fallback) {
        String name = data == null ? null : FILE_NAMES.get(data);
        return name != null ? name : fallback;
    }

    /** {@code houses} for {@code data/houses.csv} or {@code file:///data/houses.csv.gz}; null for nothing usable. */
    static String fileName(String source) {
        String s = source.trim();
        int q = s.indexOf('?');
        if (q >= 0) s = s.substring(0, q);
        while (s.endsWith("/") || s.endsWith("\\")) s = s.substring(0, s.length() - 1);
        s = s.substring(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1);
        for (String compressed : new String[] {".gz", ".zip", ".bz2"}) {
            if (s.endsWith(compressed)) s = s.substring(0, s.length() - compressed.length());
        }
        int dot = s.lastIndexOf('.');
        if (dot > 0) s = s.substring(0, dot);
        s = s.replaceAll("\\s+", "_");
        if (s.isEmpty()) return null;
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    /** The training data of a call, or null when it has none this can describe. */
    static TrainingDataset of(SmileTrainingData data, String name) throws Exception {
        if (data.frame != null) return ofFrame(data.frame, name);
        if (data.rows != null) return ofRows(data.rows, data.labels, name);
        return null;
    }

    static TrainingDataset ofFrame(Object frame, String name) throws Exception {
        Object schema = Reflect.read(frame, "schema");
        Object names = Reflect.read(schema, "names");
        Object types = Reflect.read(schema, "dtypes", "types");
        Object nrow = Reflect.read(frame, "nrow", "size");
        if (!(names instanceof String[]) || !(types instanceof Object[]) || !(nrow instanceof Number)) return null;
        String[] n = (String[]) names;
        Object[] t = (Object[]) types;
        int rows = ((Number) nrow).intValue();
        TrainingDataset.Builder b = TrainingDataset.builder(name).rows(rows);
        for (int j = 0; j < n.length; j++) b.column(n[j], SmileSignatures.mlflowType(Reflect.read(t[j], "id")));
        Method column = Reflect.publicMethod(frame.getClass(), "column", int.class);
        if (column == null) return b.build();
        int digestRows = Math.min(rows, TrainingDataset.DIGEST_ROWS);
        double[][] numeric = numericColumns(frame, column, n.length);
        if (numeric != null) {
            // all columns numeric: their values as doubles, no boxing per cell
            for (int i = 0; i < digestRows; i++) {
                double[] row = new double[n.length];
                for (int j = 0; j < n.length; j++) row[j] = numeric[j][i];
                b.addRow(row);
            }
            return b.build();
        }
        Object[] vectors = new Object[n.length];
        Method[] get = new Method[n.length];
        for (int j = 0; j < n.length; j++) {
            vectors[j] = column.invoke(frame, j);
            get[j] = Reflect.publicMethod(vectors[j].getClass(), "get", int.class);
            if (get[j] == null) return b.build();
        }
        Object[] row = new Object[n.length];
        for (int i = 0; i < digestRows; i++) {
            for (int j = 0; j < n.length; j++) row[j] = get[j].invoke(vectors[j], i);
            b.addRow(row.clone());
        }
        return b.build();
    }

    /** Each column's values as doubles when every column is numeric ({@code toDoubleArray()}), else null. */
    private static double[][] numericColumns(Object frame, Method column, int columns) {
        double[][] out = new double[columns][];
        try {
            for (int j = 0; j < columns; j++) {
                Object vector = column.invoke(frame, j);
                if (!Reflect.isA(vector, "smile.data.vector.DoubleVector") && !Reflect.isA(vector, "smile.data.vector.IntVector")
                        && !Reflect.isA(vector, "smile.data.vector.FloatVector")
                        && !Reflect.isA(vector, "smile.data.vector.LongVector")) return null;
                Object values = Reflect.call(vector, "toDoubleArray", new Class<?>[0]);
                if (!(values instanceof double[])) return null;
                out[j] = (double[]) values;
            }
            return out;
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    /** Row arrays (numeric rows: one column each; other rows: one column of their text) with their labels. */
    static TrainingDataset ofRows(Object[] rows, Object labels, String name) {
        if (rows.length == 0 || rows[0] == null) return null;
        Object first = rows[0];
        boolean numeric = first instanceof double[] || first instanceof float[] || first instanceof int[]
                || first instanceof long[];
        int width = numeric ? Array.getLength(first) : 1;
        String type = first instanceof double[] ? "double" : first instanceof float[] ? "float"
                : first instanceof int[] ? "integer" : first instanceof long[] ? "long" : "string";
        TrainingDataset.Builder b = TrainingDataset.builder(name).rows(rows.length);
        for (int j = 0; j < width; j++) b.column(numeric ? "x" + j : "x", type);
        boolean withLabels = labels instanceof int[] || labels instanceof double[];
        if (labels instanceof int[]) b.column("label", "integer");
        else if (labels instanceof double[]) b.column("target", "double");
        int digestRows = Math.min(rows.length, TrainingDataset.DIGEST_ROWS);
        int columns = width + (withLabels ? 1 : 0);
        double[] values = new double[columns];
        for (int i = 0; i < digestRows; i++) {
            Object r = rows[i];
            if (numeric && r != null && Array.getLength(r) == width) {
                if (r instanceof double[]) System.arraycopy(r, 0, values, 0, width);
                else for (int j = 0; j < width; j++) values[j] = ((Number) Array.get(r, j)).doubleValue();
                if (labels instanceof int[]) values[width] = ((int[]) labels)[i];
                else if (labels instanceof double[]) values[width] = ((double[]) labels)[i];
                b.addRow(values.clone());
            } else {
                Object[] cells = withLabels ? new Object[] {String.valueOf(r), Array.get(labels, i)}
                        : new Object[] {String.valueOf(r)};
                b.addRow(cells);
            }
        }
        return b.build();
    }
}
