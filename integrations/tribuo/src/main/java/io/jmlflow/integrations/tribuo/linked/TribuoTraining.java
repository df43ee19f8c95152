package io.jmlflow.integrations.tribuo.linked;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import io.jmlflow.ActiveRun;
import io.jmlflow.AutologOptions;
import io.jmlflow.internal.autolog.AutologRun;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.ModelSummaryHtml;
import io.jmlflow.internal.autolog.TrainingDataset;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.integrations.tribuo.LossCapture;
import io.jmlflow.integrations.tribuo.TribuoHooks;
import io.jmlflow.integrations.tribuo.TribuoSupport;
import io.jmlflow.internal.Log;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.evaluation.Evaluation;
import org.tribuo.evaluation.Evaluator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One outermost {@code Trainer.train} call being recorded into an MLflow run. */
final class TribuoTraining implements TribuoSupport.Training {
    static final String LOSS_METRIC = "training_loss";
    static final String MODEL_NAME = "model";
    static final String PROVENANCE_DIR = "tribuo";
    static final String PROVENANCE_FILE = "model-provenance.json";
    static final String TRAINING = "training";
    static final String TRAINING_METRICS_ROWS = "training_metrics_rows";

    private final TribuoAutologger owner;
    private final AutologRun scope;
    private final ActiveRun run;
    private final Trainer<?> trainer;
    private final Dataset<?> dataset;
    private Map<String, String> params = Map.of();
    private LossCapture loss;
    private boolean stamped;

    private TribuoTraining(TribuoAutologger owner, AutologRun scope, Trainer<?> trainer, Dataset<?> dataset) {
        this.owner = owner;
        this.scope = scope;
        this.run = scope.run();
        this.trainer = trainer;
        this.dataset = dataset;
    }

    /** Opens the run and logs what is known before training; null when autologging is off for this call. */
    static TribuoTraining start(TribuoAutologger owner, Trainer<?> trainer, Dataset<?> dataset) {
        AutologRun scope = AutologRun.begin(TribuoAutologger.INTEGRATION, null);
        if (scope == null) return null;
        TribuoTraining r = new TribuoTraining(owner, scope, trainer, dataset);
        r.params = logConfiguration(r.run, trainer, dataset);
        r.loss = LossCapture.start(loggerNames(trainer.getClass()), r::lossPoint);
        return r;
    }

    /** Estimator tags and params: the trainer's configuration and the training data's shape and source. */
    static Map<String, String> logConfiguration(ActiveRun run, Trainer<?> trainer, Dataset<?> dataset) {
        try {
            run.setTag("estimator_name", trainer.getClass().getSimpleName());
            run.setTag("estimator_class", trainer.getClass().getName());
            Map<String, String> params = new TreeMap<>(TrainerParams.of(trainer.getProvenance().getConfiguredParameters()));
            params.put("dataset.num_examples", String.valueOf(dataset.size()));
            params.put("dataset.num_features", String.valueOf(dataset.getFeatureMap().size()));
            params.put("dataset.num_outputs", String.valueOf(dataset.getOutputInfo().size()));
            params.put("dataset.source", ModelRecord.describe(dataset.getProvenance()));
            run.logParams(params);
            return params;
        } catch (RuntimeException | LinkageError e) {
            Log.warnOnce("tribuo-params", "could not log the parameters of " + trainer.getClass().getName() + ": " + e);
            return Map.of();
        }
    }

    /** The trainer's class and superclasses: Tribuo's trainers log through loggers named after them. */
    static List<String> loggerNames(Class<?> trainerClass) {
        List<String> names = new ArrayList<>();
        for (Class<?> c = trainerClass; c != null && c != Object.class; c = c.getSuperclass()) {
            if (c.getName().startsWith("org.tribuo.")) names.add(c.getName());
        }
        return names;
    }

    private void lossPoint(long iteration, double value, long timestamp) {
        run.logMetric(LOSS_METRIC, value, iteration, timestamp);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, ?> runProvenance(Object trainer, Map<String, ?> runProvenance) {
        if (trainer != this.trainer || stamped) return runProvenance;
        stamped = true;
        if (runProvenance.containsKey(TribuoHooks.RUN_ID_KEY)) return runProvenance; // the caller's own value stays
        Map<String, Provenance> copy = new LinkedHashMap<>((Map<String, Provenance>) runProvenance);
        copy.put(TribuoHooks.RUN_ID_KEY, new StringProvenance(TribuoHooks.RUN_ID_KEY, run.runId()));
        return copy;
    }

    /**
     * On the training thread: stops the loss capture, remembers the model for later evaluations and copies the
     * sample of the training data post-training work reads; the rest (model, metrics, plots, dataset input,
     * provenance) and the end of the run happen on the post-training thread.
     */
    @Override
    public void finish(Object model, Throwable thrown) {
        Runnable work = null;
        try {
            loss.stop();
            if (thrown == null && model instanceof Model) work = prepare((Model<?>) model);
        } catch (RuntimeException | LinkageError e) {
            Log.warnOnce("tribuo-finish", "Tribuo autologging could not record everything about the training in run "
                    + run.runId() + ": " + e);
        } finally {
            loss.stop();
            scope.endAfter(work, thrown);
        }
    }

    private Runnable prepare(Model<?> model) {
        ModelRecord record = new ModelRecord(run);
        String datasetName = DatasetNames.of(dataset.getProvenance());
        record.trainedOn(dataset.getProvenance(), datasetName);
        owner.remember(model, record);
        run.setTag("tribuo.version", model.getProvenance().getTribuoVersion());
        TribuoTrainingData sample = TribuoTrainingData.of(dataset);
        Map<String, String> loggedParams = params;
        Switches switches = Switches.now();
        return TribuoHooks.later(
                () -> afterTraining(model, record, sample, datasetName, loggedParams, switches));
    }

    /** The options in force when training ended (they may change before post-training work runs). */
    record Switches(boolean logModel, boolean logDatasets, boolean logPlots) {
        static Switches now() {
            AutologOptions o = AutologState.options();
            return new Switches(o.logModels(), o.logDatasets(), o.logPlots());
        }
    }

    /** Post-training work: everything that reads the model or the copied data; each part fails on its own. */
    private void afterTraining(Model<?> model, ModelRecord record, TribuoTrainingData sample, String datasetName,
                               Map<String, String> loggedParams, Switches switches) {
        // the run's params on the model too (as MLflow's autologging copies the estimator's), rows scored included
        Map<String, String> modelParams = new TreeMap<>(loggedParams);
        modelParams.put(TRAINING_METRICS_ROWS, String.valueOf(sample.examples().size()));
        run.logParam(TRAINING_METRICS_ROWS, sample.examples().size());
        if (switches.logModel()) logModel(model, record, modelParams);
        TrainingDataset[] train = new TrainingDataset[1];
        if (switches.logDatasets()) {
            step("dataset input", () -> {
                train[0] = DatasetInputs.of(datasetName, model.getFeatureIDMap(), sample);
                train[0].logTo(run, "train");
                record.described(sample.provenance(), train[0]);
            });
        }
        step("training metrics", () -> {
            @SuppressWarnings({"unchecked", "rawtypes"})
            List<Prediction<?>> predictions = (List) ((Model) model).predict((Iterable) sample.examples());
            Outcomes outcomes = Outcomes.of(model, predictions);
            Map<String, Double> metrics = outcomes != null ? outcomes.metrics() : tribuoMetrics(model, predictions, sample);
            TribuoAutologger.tag(record, "tribuo.dataset." + TRAINING, ModelRecord.describe(sample.provenance()));
            TribuoAutologger.log(record, TRAINING + "_", 0, metrics, train[0]);
            if (outcomes != null && switches.logPlots()) outcomes.logPlots(run, TRAINING + "_");
            Map<String, Double> prefixed = new TreeMap<>();
            metrics.forEach((k, v) -> prefixed.put(TRAINING + "_" + k, v));
            ModelSummaryHtml.logTo(run, trainer.getClass().getName(), loggedParams, prefixed);
        });
        // by name: XGBoostImportances (and the optional tribuo-common-xgboost it links) loads only for such models
        if (model.getClass().getName().equals(XGBoostImportances.MODEL_CLASS)) step("feature importances", () -> XGBoostImportances.logTo(run, model));
        logProvenance(model);
    }

    private void step(String what, Runnable part) {
        try {
            part.run();
        } catch (RuntimeException | LinkageError e) {
            Log.warnOnce("tribuo-" + what, "Tribuo autologging could not log the " + what + " of run " + run.runId()
                    + ": " + e);
        }
    }

    private void logModel(Model<?> model, ModelRecord record, Map<String, String> params) {
        try {
            LoggedModel logged = run.logModel(model, MODEL_NAME, params);
            if (logged != null && logged.status() == LoggedModelStatus.READY) record.loggedModelId(logged.modelId());
        } catch (RuntimeException e) {
            Log.warn("could not log the Tribuo model of run " + run.runId() + ": " + e.getMessage());
        }
    }

    /** Outputs MLflow has no metrics for (clustering, ...): Tribuo's own evaluation of the sample. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, Double> tribuoMetrics(Model<?> model, List<Prediction<?>> predictions,
                                                     TribuoTrainingData sample) {
        if (sample.outputFactory() == null) return Map.of();
        try {
            Evaluator evaluator = sample.outputFactory().getEvaluator();
            Evaluation<?> evaluation = evaluator.evaluate((Model) model, (List) predictions, sample.provenance());
            return EvaluationMetrics.of(model, evaluation);
        } catch (RuntimeException e) {
            Log.debug("no training metrics for " + model.getClass().getName(), e); // e.g. data without ground truth
            return Map.of();
        }
    }

    private void logProvenance(Model<?> model) {
        try {
            String json = ProvenanceJson.of(model.getProvenance());
            // in place, not through a temporary file: its random name would set up the JDK's SecureRandom
            run.logArtifact(PROVENANCE_DIR + "/" + PROVENANCE_FILE, json.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            Log.warn("could not log the Tribuo provenance of run " + run.runId() + ": " + e.getMessage());
        }
    }
}
