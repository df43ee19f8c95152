package io.jmlflow.integrations.tribuo.linked;

import io.jmlflow.ActiveRun;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.DatasetProvenance;

import java.util.HashMap;
import java.util.Map;

/**
 * What autologging remembers about one trained model: the run that recorded it, its logged model, and the metric
 * prefix and next step of each dataset it was evaluated on. The training data is always {@code training}; other
 * data gets {@link DatasetNames}' name, with {@code _2}, {@code _3}, ... when two different datasets would share a
 * name. Evaluating the same data again logs the same keys at the next step.
 */
final class ModelRecord {
    static final String TRAINING = "training";
    static final int MAX_DATASETS = 100;

    final ActiveRun run;
    private final DataProvenance trainingData;
    private volatile String loggedModelId;
    private final Map<DataProvenance, String> prefixes = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();

    ModelRecord(ActiveRun run, DataProvenance trainingData) {
        this.run = run;
        this.trainingData = trainingData;
    }

    String runId() {
        return run.runId();
    }

    String loggedModelId() {
        return loggedModelId;
    }

    void loggedModelId(String id) {
        this.loggedModelId = id;
    }

    /** One evaluation's metric prefix and step; {@code first} when this dataset was not seen before. */
    record Use(String prefix, long step, boolean first) {
    }

    synchronized Use use(DataProvenance data) {
        String prefix = data != null && data.equals(trainingData) ? TRAINING : prefixes.get(data);
        boolean first = false;
        if (prefix == null) {
            String base = prefixes.size() < MAX_DATASETS ? DatasetNames.of(data) : "eval";
            prefix = base;
            for (int n = 2; prefix.equals(TRAINING) || prefixes.containsValue(prefix); n++) prefix = base + "_" + n;
            prefixes.put(data, prefix);
            first = true;
        }
        int step = steps.merge(prefix, 1, Integer::sum) - 1;
        return new Use(prefix, step, first || (TRAINING.equals(prefix) && step == 0));
    }

    /** The data's source, for a tag that says which data a prefix stands for. */
    static String describe(DataProvenance data) {
        Object source = data instanceof DatasetProvenance ? ((DatasetProvenance) data).getSourceProvenance() : data;
        String s = String.valueOf(source);
        return s.length() <= 1000 ? s : s.substring(0, 997) + "...";
    }
}
