package io.jmlflow.integrations.tribuo.linked;

import io.jmlflow.ActiveRun;
import io.jmlflow.internal.autolog.EvalMetricNames;
import io.jmlflow.internal.autolog.TrainingDataset;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.DatasetProvenance;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What autologging remembers about one trained model: the run that recorded it, its logged model, and for each
 * dataset it was evaluated on a name, a metric prefix and the next step. Datasets are told apart by their
 * provenance (the same data evaluated again logs the same keys at the next step). The name comes from
 * {@link DatasetNames}, with {@code _2}, {@code _3}, ... when different evaluated data of this model would share one
 * (its dataset input's name gets {@code _eval} after the data's name when other data than the training data has the
 * training data's name); the
 * prefix from core's one naming rule ({@link EvalMetricNames}: the run's first evaluated dataset {@code eval_},
 * others {@code eval_<name>_}).
 */
final class ModelRecord {
    static final int MAX_DATASETS = 100;

    final ActiveRun run;
    private final String runId;
    private volatile String loggedModelId;
    private final Map<DataProvenance, Use> datasets = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Map<DataProvenance, Integer> steps = new HashMap<>();
    /** The datasets as logged (their name and digest name the metrics computed on them). */
    private final Map<DataProvenance, TrainingDataset> described = new HashMap<>();
    /** The training data and its dataset name: other data of that name is told apart by a suffix. */
    private DataProvenance trainData;
    private String trainName;

    ModelRecord(ActiveRun run) {
        this(run, run.runId());
    }

    /** For tests: a record of run {@code runId} ({@code run} may be null then). */
    ModelRecord(ActiveRun run, String runId) {
        this.run = run;
        this.runId = runId;
    }

    String runId() {
        return runId;
    }

    /** The data the model was trained on and the name of its dataset input. */
    synchronized void trainedOn(DataProvenance data, String name) {
        this.trainData = data;
        this.trainName = name;
    }

    synchronized void described(DataProvenance data, TrainingDataset dataset) {
        if (dataset != null) described.put(data, dataset);
    }

    /** The dataset input logged for {@code data}, or null. */
    synchronized TrainingDataset described(DataProvenance data) {
        return described.get(data);
    }

    String loggedModelId() {
        return loggedModelId;
    }

    void loggedModelId(String id) {
        this.loggedModelId = id;
    }

    /**
     * One evaluation: its data's name (which the prefix is made of), the name of its dataset input, the metric prefix,
     * the step, and whether this data is new to the model.
     */
    record Use(String name, String datasetName, String prefix, long step, boolean first) {
        /** The prefix without its trailing underscore, for tags naming the data behind a prefix. */
        String tagSuffix() {
            return prefix.endsWith("_") ? prefix.substring(0, prefix.length() - 1) : prefix;
        }
    }

    synchronized Use use(DataProvenance data) {
        Use known = datasets.get(data);
        if (known == null && datasets.size() >= MAX_DATASETS) data = null; // many datasets: the rest share one key
        known = datasets.get(data);
        if (known == null) {
            String base = data == null ? "eval" : DatasetNames.of(data);
            String name = base;
            for (int n = 2; names.contains(name); n++) name = base + "_" + n;
            names.add(name);
            // other data than the training data, from a source of the same name (a generator, one file split by
            // hand): its dataset input is "<name>_eval" ("<name>_eval_2", ...), so that the run's inputs read apart
            String datasetName = data != null && base.equals(trainName) && !data.equals(trainData)
                    ? base + "_eval" + name.substring(base.length()) : name;
            // the key is the first provenance instance seen, so core may compare keys by identity or by equals
            Object key = data == null ? this : data;
            known = new Use(name, datasetName, EvalMetricNames.prefix(runId(), key, name), 0, true);
            datasets.put(data, known);
            steps.put(data, 1);
            return known;
        }
        int step = steps.merge(data, 1, Integer::sum) - 1;
        return new Use(known.name(), known.datasetName(), known.prefix(), step, false);
    }

    /** The data's source, for a tag that says which data a prefix stands for. */
    static String describe(DataProvenance data) {
        Object source = data instanceof DatasetProvenance ? ((DatasetProvenance) data).getSourceProvenance() : data;
        String s = String.valueOf(source);
        return s.length() <= 1000 ? s : s.substring(0, 997) + "...";
    }
}
