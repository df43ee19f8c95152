package io.jmlflow.integrations.spark;

import io.jmlflow.internal.Log;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.OneVsRestModel;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which trained models are logged: MLflow's built-in allowlist ({@code mlflow/pyspark/ml/log_model_allowlist.txt}:
 * the usual classifiers, regressors, clustering and feature models, pipelines, one-vs-rest and search models; not
 * ALS, LDA or FP-growth, whose models can be large), with MLflow's rules for composite models (a pipeline's models,
 * one-vs-rest's model, a search's best model, models held in params must be allowed too), or the file the Spark conf
 * {@value #CONF} names, as in MLflow: one class name a line, {@code #} comments, a trailing {@code *} for a prefix;
 * Python names ({@code pyspark.ml.classification.LogisticRegressionModel}) and Java names both work.
 */
final class SparkModelAllowlist {
    static final String CONF = "spark.mlflow.pysparkml.autolog.logModelAllowlistFile";
    private static final String ML = "org.apache.spark.ml.";
    private static final Set<String> BUILT_IN = Set.of(
            ML + "classification.LinearSVCModel", ML + "classification.DecisionTreeClassificationModel",
            ML + "classification.GBTClassificationModel", ML + "classification.LogisticRegressionModel",
            ML + "classification.RandomForestClassificationModel", ML + "classification.NaiveBayesModel",
            ML + "clustering.BisectingKMeansModel", ML + "clustering.KMeansModel", ML + "clustering.GaussianMixtureModel",
            ML + "regression.AFTSurvivalRegressionModel", ML + "regression.DecisionTreeRegressionModel",
            ML + "regression.GBTRegressionModel", ML + "regression.GeneralizedLinearRegressionModel",
            ML + "regression.LinearRegressionModel", ML + "regression.RandomForestRegressionModel",
            ML + "feature.BucketedRandomProjectionLSHModel", ML + "feature.ChiSqSelectorModel",
            ML + "feature.CountVectorizerModel", ML + "feature.IDFModel", ML + "feature.ImputerModel",
            ML + "feature.MaxAbsScalerModel", ML + "feature.MinHashLSHModel", ML + "feature.MinMaxScalerModel",
            ML + "feature.OneHotEncoderModel", ML + "feature.RobustScalerModel", ML + "feature.RFormulaModel",
            ML + "feature.StandardScalerModel", ML + "feature.StringIndexerModel",
            ML + "feature.VarianceThresholdSelectorModel", ML + "feature.VectorIndexerModel",
            ML + "feature.UnivariateFeatureSelectorModel", ML + "classification.OneVsRestModel",
            ML + "PipelineModel", ML + "tuning.CrossValidatorModel", ML + "tuning.TrainValidationSplitModel",
            "com.microsoft.azure.synapse.ml.cognitive.*", "com.microsoft.azure.synapse.ml.exploratory.*",
            "com.microsoft.azure.synapse.ml.featurize.*", "com.microsoft.azure.synapse.ml.geospatial.*",
            "com.microsoft.azure.synapse.ml.image.*", "com.microsoft.azure.synapse.ml.io.*",
            "com.microsoft.azure.synapse.ml.isolationforest.*", "com.microsoft.azure.synapse.ml.lightgbm.*",
            "com.microsoft.azure.synapse.ml.nn.*", "com.microsoft.azure.synapse.ml.opencv.*",
            "com.microsoft.azure.synapse.ml.stages.*", "com.microsoft.azure.synapse.ml.vw.*");

    private SparkModelAllowlist() {
    }

    static boolean allows(Object model, SparkSession session) {
        return allows(model, allowlist(session));
    }

    static boolean allows(Object model, Set<String> allowed) {
        if (!listed(model.getClass().getName(), allowed)) return false;
        if (model instanceof OneVsRestModel) {
            Object[] models = ((OneVsRestModel) model).models();
            return models.length == 0 || allows(models[0], allowed);
        }
        if (model instanceof PipelineModel) {
            for (Transformer stage : ((PipelineModel) model).stages()) {
                if (stage instanceof Model && !allows(stage, allowed)) return false;
            }
            return true;
        }
        if (model instanceof CrossValidatorModel) return allows(((CrossValidatorModel) model).bestModel(), allowed);
        if (model instanceof TrainValidationSplitModel) {
            return allows(((TrainValidationSplitModel) model).bestModel(), allowed);
        }
        if (model instanceof org.apache.spark.ml.param.Params) {
            for (Object v : SparkParams.values((org.apache.spark.ml.param.Params) model).values()) {
                if (v instanceof Model && !allows(v, allowed)) return false;
            }
        }
        return true;
    }

    static boolean listed(String className, Set<String> allowed) {
        if (allowed.contains(className)) return true;
        for (String name : allowed) {
            if (name.endsWith("*") && className.startsWith(name.substring(0, name.length() - 1))) return true;
        }
        return false;
    }

    private static Set<String> allowlist(SparkSession session) {
        String file;
        try {
            file = session.sparkContext().getConf().get(CONF, null);
        } catch (RuntimeException e) {
            file = null;
        }
        if (file == null || file.isBlank()) return BUILT_IN;
        try {
            return parse(Files.readAllLines(Paths.get(file.startsWith("file:") ? file.substring(5) : file)));
        } catch (IOException | RuntimeException e) {
            Log.warnOnce("spark-allowlist-file", "spark autologging cannot read the model allowlist " + file + " ("
                    + e + "); it uses MLflow's built-in one");
            return BUILT_IN;
        }
    }

    /** One class name a line (Python or Java names), {@code #} comments and blank lines skipped. */
    static Set<String> parse(List<String> lines) {
        Set<String> out = new HashSet<>();
        for (String line : lines) {
            String s = line.trim();
            if (s.isEmpty() || s.startsWith("#")) continue;
            out.add(javaName(s));
        }
        return out;
    }

    static String javaName(String name) {
        if (name.equals("pyspark.ml.pipeline.PipelineModel")) return ML + "PipelineModel";
        if (name.startsWith("pyspark.ml.")) return ML + name.substring("pyspark.ml.".length());
        if (name.startsWith("synapse.ml.")) return "com.microsoft.azure.synapse." + name.substring("synapse.".length());
        return name;
    }
}
