package io.jmlflow.integrations.tribuo.linked;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.autolog.AutologRun;
import io.jmlflow.autolog.AutologState;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.integrations.tribuo.LossCapture;
import io.jmlflow.integrations.tribuo.TribuoHooks;
import io.jmlflow.integrations.tribuo.TribuoSupport;
import io.jmlflow.internal.Log;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.evaluation.Evaluation;
import org.tribuo.evaluation.Evaluator;
import org.tribuo.provenance.DataProvenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One outermost {@code Trainer.train} call being recorded into an MLflow run. */
final class TrainingRun implements TribuoSupport.TrainingSession {
    static final String LOSS_METRIC = "training_loss";
    static final String MODEL_NAME = "model";
    static final String PROVENANCE_DIR = "tribuo";
    static final String PROVENANCE_FILE = "model-provenance.json";

    private final TribuoAutologger owner;
    private final AutologRun scope;
    private final ActiveRun run;
    private final Trainer<?> trainer;
    private final Dataset<?> dataset;
    private LossCapture loss;
    private boolean stamped;

    private TrainingRun(TribuoAutologger owner, AutologRun scope, Trainer<?> trainer, Dataset<?> dataset) {
        this.owner = owner;
        this.scope = scope;
        this.run = scope.run();
        this.trainer = trainer;
        this.dataset = dataset;
    }

    /** Opens the run and logs what is known before training; null when autologging is off for this call. */
    static TrainingRun start(TribuoAutologger owner, Trainer<?> trainer, Dataset<?> dataset) {
        AutologRun scope = AutologRun.begin(TribuoAutologger.INTEGRATION, null);
        if (scope == null) return null;
        TrainingRun r = new TrainingRun(owner, scope, trainer, dataset);
        r.logConfiguration();
        r.loss = LossCapture.start(loggerNames(trainer.getClass()), r::lossPoint);
        return r;
    }

    private void logConfiguration() {
        try {
            run.setTag("estimator_name", trainer.getClass().getSimpleName());
            run.setTag("estimator_class", trainer.getClass().getName());
            Map<String, String> params = new TreeMap<>(TrainerParams.of(trainer.getProvenance().getConfiguredParameters()));
            params.put("dataset.num_examples", String.valueOf(dataset.size()));
            params.put("dataset.num_features", String.valueOf(dataset.getFeatureMap().size()));
            params.put("dataset.num_outputs", String.valueOf(dataset.getOutputInfo().size()));
            params.put("dataset.source", ModelRecord.describe(dataset.getProvenance()));
            run.logParams(params);
        } catch (RuntimeException | LinkageError e) {
            Log.warnOnce("tribuo-params", "could not log the parameters of " + trainer.getClass().getName() + ": " + e);
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

    @Override
    public void finish(Object model, Throwable thrown) {
        try {
            loss.stop();
            if (thrown == null && model instanceof Model) record((Model<?>) model);
        } catch (RuntimeException | LinkageError e) {
            Log.warnOnce("tribuo-finish", "Tribuo autologging could not record everything about the training in run "
                    + run.runId() + ": " + e);
        } finally {
            loss.stop();
            scope.end(thrown);
        }
    }

    private void record(Model<?> model) {
        DataProvenance trainingData = model.getProvenance().getDatasetProvenance();
        ModelRecord record = new ModelRecord(run, trainingData);
        owner.remember(model, record);
        run.setTag("tribuo.version", model.getProvenance().getTribuoVersion());
        Map<String, Double> metrics = trainingMetrics(model);
        if (AutologState.options().logModels()) {
            LoggedModel logged = Mlflow.logModel(model, MODEL_NAME);
            if (logged != null && logged.status() == LoggedModelStatus.READY) record.loggedModelId(logged.modelId());
        }
        ModelRecord.Use use = record.use(trainingData);
        TribuoAutologger.tag(record, "tribuo.dataset." + use.prefix(), ModelRecord.describe(trainingData));
        TribuoAutologger.log(record, use, metrics);
        logProvenance(model);
    }

    /** The model evaluated on its training data (empty when the data has no ground truth, e.g. for clustering). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Map<String, Double> trainingMetrics(Model<?> model) {
        try {
            Evaluator evaluator = dataset.getOutputFactory().getEvaluator();
            Evaluation<?> evaluation = evaluator.evaluate((Model) model, (Dataset) dataset);
            return EvaluationMetrics.of(model, evaluation);
        } catch (RuntimeException e) {
            Log.debug("no training metrics for " + model.getClass().getName(), e);
            return Map.of();
        }
    }

    private void logProvenance(Model<?> model) {
        Path dir = null;
        try {
            String json = ProvenanceJson.of(model.getProvenance());
            dir = Files.createTempDirectory("tribuo-provenance");
            Path file = dir.resolve(PROVENANCE_FILE);
            Files.writeString(file, json, StandardCharsets.UTF_8);
            Mlflow.client().logArtifact(run.runId(), file, PROVENANCE_DIR);
            Files.delete(file);
        } catch (IOException | RuntimeException e) {
            Log.warn("could not log the Tribuo provenance of run " + run.runId() + ": " + e.getMessage());
        } finally {
            if (dir != null) dir.toFile().delete();
        }
    }
}
