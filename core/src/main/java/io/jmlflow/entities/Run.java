package io.jmlflow.entities;

import java.util.List;

/** A run: info, data, dataset inputs, and the ids of the logged models it produced. */
public record Run(RunInfo info, RunData data, List<DatasetInput> datasetInputs, List<String> modelOutputs) {
    public Run {
        datasetInputs = datasetInputs == null ? List.of() : List.copyOf(datasetInputs);
        modelOutputs = modelOutputs == null ? List.of() : List.copyOf(modelOutputs);
    }

    public Run(RunInfo info, RunData data) {
        this(info, data, List.of(), List.of());
    }

    public String runId() { return info.runId(); }
}
