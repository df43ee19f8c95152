package io.jmlflow.integrations.spark;

import io.jmlflow.MlflowConfig;
import io.jmlflow.internal.TempDirs;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The Spark side of {@link SparkModelFlavor}. Spark writes and reads models through the cluster's file system (the
 * default Hadoop file system: HDFS, S3, ... on a cluster, where executors write the model's data), so, as MLflow
 * does, a model is written under a temporary directory there ({@code MLFLOW_DFS_TMP}, default {@code /tmp/mlflow})
 * and copied to a local directory, and loaded from a copy placed there (removed when the JVM exits).
 */
final class SparkModelFiles {
    static final String MODEL_DATA = "sparkml";
    /** MLflow's {@code MLFLOW_DFS_TMP}: where Spark writes models before they are copied to the store. */
    static final String DFS_TMP_KEY = "dfs.tmp";
    static final String PIPELINE_MODEL_PYTHON = "pyspark.ml.pipeline.PipelineModel";

    /** A model Spark has already written (on the training thread) into {@code dir}/sparkml, waiting to be logged. */
    static final class Prepared {
        final Path dir;
        final String sparkVersion;
        final String jvmClass;

        Prepared(Path dir, String sparkVersion, String jvmClass) {
            this.dir = dir;
            this.sparkVersion = sparkVersion;
            this.jvmClass = jvmClass;
        }

        /** Deletes the files when the model is not logged after all. */
        void discard() {
            TempDirs.deleteQuietly(dir);
        }
    }

    /** The local copies' folder names start with this, in the temporary folder. */
    static final String LOCAL_PREFIX = "mlflow-spark-model";
    /** A local copy older than this was left by a JVM that ended before logging it. */
    static final long STALE_LOCAL_MS = 24L * 3600 * 1000;

    private SparkModelFiles() {
    }

    /**
     * Writes {@code model} with its own {@code MLWriter} (as the one stage of a {@code PipelineModel} unless it is
     * one) and copies it to a local directory. Runs Spark jobs (the writer's). Throws what Spark throws.
     */
    static Prepared prepare(Object model, SparkSession session) throws IOException {
        PipelineModel pipeline = model instanceof PipelineModel ? (PipelineModel) model
                : new PipelineModel("PipelineModel_" + UUID.randomUUID().toString().substring(24),
                new Transformer[] {(Transformer) model});
        String dfsTmp = MlflowConfig.get(DFS_TMP_KEY, "/tmp/mlflow");
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(dfsTmp, UUID.randomUUID().toString());
        // a JVM killed between a fit and its post-training work leaves its prepared model behind: tidied a day later
        Path local = TempDirs.createTidyingStale(LOCAL_PREFIX, STALE_LOCAL_MS);
        try {
            pipeline.write().session(session).save(tmp.toString());
            FileSystem fs = tmp.getFileSystem(session.sparkContext().hadoopConfiguration());
            fs.copyToLocalFile(true, tmp, new org.apache.hadoop.fs.Path(local.resolve(MODEL_DATA).toUri()), true);
        } catch (IOException | RuntimeException e) {
            TempDirs.deleteQuietly(local);
            throw e;
        }
        return new Prepared(local, session.version(), model.getClass().getName());
    }

    static Map<String, Object> save(Object model, Path modelDir) throws Exception {
        Prepared prepared;
        if (model instanceof Prepared) {
            prepared = (Prepared) model;
        } else {
            if (!(model instanceof MLWritable) || !(model instanceof Transformer)) {
                throw new IllegalArgumentException("not a Spark ML model: " + model.getClass().getName());
            }
            prepared = prepare(model, activeSession());
        }
        try {
            Files.move(prepared.dir.resolve(MODEL_DATA), modelDir.resolve(MODEL_DATA));
        } finally {
            prepared.discard();
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("code", null);
        attrs.put("model_class", PIPELINE_MODEL_PYTHON);
        attrs.put("model_data", MODEL_DATA);
        attrs.put("pyspark_version", prepared.sparkVersion);
        attrs.put("jvm_model_class", prepared.jvmClass);
        return attrs;
    }

    /**
     * Loads the model: the {@code PipelineModel}, or the one model it wraps when a single model was logged
     * ({@code jvm_model_class}). Needs an active {@code SparkSession}.
     */
    static Object load(Path modelDir, Map<String, Object> attributes) throws Exception {
        Object data = attributes.get("model_data");
        Path local = modelDir.resolve(data == null ? MODEL_DATA : data.toString());
        SparkSession session = activeSession();
        org.apache.hadoop.fs.Path copy = new org.apache.hadoop.fs.Path(MlflowConfig.get(DFS_TMP_KEY, "/tmp/mlflow"),
                UUID.randomUUID().toString());
        FileSystem fs = copy.getFileSystem(session.sparkContext().hadoopConfiguration());
        // Some models read their data lazily (ALS's factors): the copy stays until the JVM exits.
        fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), copy);
        fs.deleteOnExit(copy);
        PipelineModel pipeline = PipelineModel.read().session(session).load(copy.toString());
        Object jvmClass = attributes.get("jvm_model_class");
        if (jvmClass != null && !PipelineModel.class.getName().equals(jvmClass) && pipeline.stages().length == 1
                && pipeline.stages()[0].getClass().getName().equals(jvmClass)) {
            return pipeline.stages()[0];
        }
        return pipeline;
    }

    private static SparkSession activeSession() {
        try {
            return SparkSession.active();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Spark models are saved and loaded through a SparkSession: start one first"
                    + " (" + e.getMessage() + ")", e);
        }
    }
}
