package io.jmlflow.integrations.smile;

import io.jmlflow.models.ModelSignature;
import io.jmlflow.models.ModelSignature.ColSpec;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MLflow signatures of Smile models: for models trained on a data frame, the predictor columns of the model's
 * {@code schema()} with their types, and the formula's response as the output; for models trained on row arrays,
 * the columns {@code x0 .. x<n-1>} of the rows' element type.
 */
final class SmileSignatures {
    private SmileSignatures() {
    }

    /** The signature a data-frame model describes itself, or null. */
    static ModelSignature ofFrameModel(Object model) {
        if (Reflect.publicMethod(model.getClass(), "schema") == null
                || Reflect.publicMethod(model.getClass(), "formula") == null) return null;
        Object schema = Reflect.read(model, "schema");
        Object names = Reflect.read(schema, "names");
        Object types = Reflect.read(schema, "dtypes", "types");
        if (!(names instanceof String[]) || !(types instanceof Object[])) return null;
        String[] n = (String[]) names;
        Object[] t = (Object[]) types;
        if (n.length != t.length || n.length == 0) return null;
        List<ColSpec> inputs = new ArrayList<>();
        for (int i = 0; i < n.length; i++) inputs.add(new ColSpec(n[i], mlflowType(Reflect.read(t[i], "id"))));
        Object response = Reflect.read(Reflect.read(model, "formula"), "response");
        String output = response == null ? null : String.valueOf(response);
        return new ModelSignature(inputs, List.of(new ColSpec(output, outputType(model))));
    }

    /** The signature of a model trained on {@code rows} (each a numeric array), or null. */
    static ModelSignature ofRows(Object model, Object[] rows) {
        if (rows == null || rows.length == 0 || rows[0] == null || !rows[0].getClass().isArray()) return null;
        Class<?> element = rows[0].getClass().getComponentType();
        String type = element == double.class ? "double" : element == float.class ? "float"
                : element == int.class ? "integer" : element == long.class ? "long" : null;
        if (type == null) return null;
        int width = Array.getLength(rows[0]);
        List<ColSpec> inputs = new ArrayList<>(width);
        for (int i = 0; i < width; i++) inputs.add(new ColSpec("x" + i, type));
        return new ModelSignature(inputs, List.of(new ColSpec(null, outputType(model))));
    }

    /** Classifiers and clusterings predict an integer label; regressions a double; anomaly detectors a score. */
    static String outputType(Object model) {
        if (Reflect.isA(model, "smile.regression.Regression") || model.getClass().getName().startsWith("smile.anomaly.")
                || Reflect.isA(model, "smile.model.RegressionModel")) return "double";
        return "integer";
    }

    static String mlflowType(Object smileTypeId) {
        String id = String.valueOf(smileTypeId).toLowerCase(Locale.ROOT);
        switch (id) {
            case "boolean": return "boolean";
            case "byte": case "short": case "int": case "integer": return "integer";
            case "long": return "long";
            case "float": return "float";
            case "double": case "decimal": return "double";
            case "date": case "time": case "datetime": return "datetime";
            default: return "string";
        }
    }
}
