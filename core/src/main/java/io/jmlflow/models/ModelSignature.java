package io.jmlflow.models;

import java.util.List;

/** A model's input and output columns, written into the MLmodel file as MLflow's column-based signature. */
public record ModelSignature(List<ColSpec> inputs, List<ColSpec> outputs) {

    /** One column: name and MLflow type ({@code double}, {@code long}, {@code integer}, {@code string}, ...). */
    public record ColSpec(String name, String type) {
    }

    public ModelSignature {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }
}
