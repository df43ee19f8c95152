package io.jmlflow.entities;

import java.util.Map;

/** A dataset used by a run, with input tags such as {@code mlflow.data.context=train}. */
public record DatasetInput(Dataset dataset, Map<String, String> tags) {
    public DatasetInput {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
