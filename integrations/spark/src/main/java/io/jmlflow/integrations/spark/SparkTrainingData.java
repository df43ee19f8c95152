package io.jmlflow.integrations.spark;

import io.jmlflow.ActiveRun;
import io.jmlflow.entities.Dataset;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.TrainingDataset;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A training (or evaluation) DataFrame as MLflow's {@code SparkDataset} records it, without running a Spark job: the
 * schema as MLflow's column specs ({@code sparkml_vector} for ML vectors), the digest MLflow computes (MD5 of the
 * plan's {@code semanticHash()}), the profile {@code {"approx_count": N}} only when Spark already knows the row
 * count (plan statistics, rows held in the plan), else {@code "unknown"} (MLflow's value when it has no estimate), and
 * the code source. The files the DataFrame was read from become the run tag {@code sparkDatasourceInfo}, one
 * {@code path=<root>,format=<format>} line each, as the {@code mlflow-spark} datasource listener writes it.
 */
final class SparkTrainingData {
    static final String DATASOURCE_TAG = "sparkDatasourceInfo";
    private static final int MAX_TAG_CHARS = 8000;

    private final String schema;
    private final String digest;
    private final List<String> sources;
    private final Object dataset;

    private SparkTrainingData(String schema, String digest, List<String> sources, Object dataset) {
        this.schema = schema;
        this.digest = digest;
        this.sources = sources;
        this.dataset = dataset;
    }

    /** What is known of {@code df} now (schema, digest, sources); the row count is looked up when logged. */
    static SparkTrainingData of(org.apache.spark.sql.Dataset<?> df) {
        return new SparkTrainingData(schemaJson(df.schema()), digest(df.semanticHash()), sources(df), df);
    }

    /** The files' root paths and formats, one {@code path=...,format=...} line each (null when none are known). */
    String datasourceTag() {
        if (sources.isEmpty()) return null;
        String v = String.join("\n", sources);
        return v.length() > MAX_TAG_CHARS ? v.substring(0, MAX_TAG_CHARS - 3) + "..." : v;
    }

    /** Logs the dataset as an input of {@code run} with {@code context} ("train", "eval"). Never throws. */
    void logTo(ActiveRun run, String context) {
        if (run == null || !AutologState.options().logDatasets()) return;
        run.logInput(entity(), context);
    }

    Dataset entity() {
        Long rows = knownRowCount(dataset);
        String profile = "{\"approx_count\": " + (rows == null ? "\"unknown\"" : rows.toString()) + "}";
        Dataset code = TrainingDataset.builder("dataset").build().toEntity();
        return new Dataset("dataset", digest, "code", code.source(), schema, profile);
    }

    String digest() {
        return digest;
    }

    /** MLflow's digest: the first 8 hex characters of the MD5 of the semantic hash as a little-endian int64. */
    static String digest(int semanticHash) {
        try {
            byte[] bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(semanticHash).array();
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)).substring(0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            return "00000000";
        }
    }

    /** MLflow's column specs of a schema, or null when a column has no MLflow type (a map, as MLflow). */
    static String schemaJson(StructType schema) {
        List<Object> cols = new ArrayList<>();
        for (StructField f : schema.fields()) {
            Map<String, Object> spec = type(f.dataType());
            if (spec == null) return null;
            Map<String, Object> col = new LinkedHashMap<>(spec);
            col.put("name", f.name());
            col.put("required", true);
            cols.add(col);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mlflow_colspec", cols);
        return SparkJson.compact(out);
    }

    private static Map<String, Object> type(DataType t) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (t.getClass().getName().equals("org.apache.spark.ml.linalg.VectorUDT")) {
            out.put("type", "sparkml_vector");
        } else if (t instanceof ArrayType) {
            Map<String, Object> items = type(((ArrayType) t).elementType());
            if (items == null) return null;
            out.put("type", "array");
            out.put("items", items);
        } else if (t instanceof StructType) {
            Map<String, Object> properties = new LinkedHashMap<>();
            for (StructField f : ((StructType) t).fields()) {
                Map<String, Object> p = type(f.dataType());
                if (p == null) return null;
                p.put("required", !f.nullable());
                properties.put(f.name(), p);
            }
            out.put("type", "object");
            out.put("properties", properties);
        } else if (t instanceof MapType) {
            return null; // MLflow reads the keys from the data: a Spark job
        } else {
            String scalar = scalar(t.typeName());
            if (scalar == null) return null;
            out.put("type", scalar);
        }
        return out;
    }

    private static String scalar(String sparkTypeName) {
        String n = sparkTypeName;
        int paren = n.indexOf('(');
        if (paren > 0) n = n.substring(0, paren);
        switch (n) {
            case "long": return "long";
            case "integer": case "short": case "byte": return "integer";
            case "float": return "float";
            case "double": case "decimal": return "double";
            case "boolean": return "boolean";
            case "string": case "char": case "varchar": return "string";
            case "binary": return "binary";
            case "date": case "timestamp": case "timestamp_ntz": return "datetime";
            default: return null;
        }
    }

    /**
     * The row count Spark already knows, without a job: the optimized plan's statistics (a cached or analyzed
     * relation), or the rows held in a local relation. Null otherwise.
     */
    static Long knownRowCount(Object df) {
        Object plan = SparkReflect.call(SparkReflect.call(df, "queryExecution"), "optimizedPlan");
        if (plan == null) return null;
        Object count = SparkReflect.option(SparkReflect.call(SparkReflect.call(plan, "stats"), "rowCount"));
        if (count instanceof Number) return ((Number) count).longValue();
        if (count != null) {
            try {
                return Long.parseLong(count.toString());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (plan.getClass().getSimpleName().equals("LocalRelation")) {
            Object size = SparkReflect.call(SparkReflect.call(plan, "data"), "size");
            if (size instanceof Number) return ((Number) size).longValue();
        }
        return null;
    }

    /** {@code path=<root path>,format=<format>} of each file relation the plan reads (Delta adds its version). */
    static List<String> sources(Object df) {
        Set<String> out = new LinkedHashSet<>();
        Object plan = SparkReflect.call(SparkReflect.call(df, "queryExecution"), "analyzed");
        for (Object leaf : SparkReflect.elements(SparkReflect.call(plan, "collectLeaves"))) {
            if (!leaf.getClass().getSimpleName().equals("LogicalRelation")) continue;
            Object relation = SparkReflect.call(leaf, "relation");
            if (relation == null || !relation.getClass().getSimpleName().equals("HadoopFsRelation")) continue;
            Object format = SparkReflect.call(relation, "fileFormat");
            Object shortName = SparkReflect.call(format, "shortName");
            String formatName = shortName != null ? shortName.toString()
                    : format == null ? "unknown" : format.getClass().getSimpleName();
            for (Object path : SparkReflect.elements(SparkReflect.call(SparkReflect.call(relation, "location"),
                    "rootPaths"))) {
                out.add("path=" + path + ",format=" + formatName);
            }
        }
        return new ArrayList<>(out);
    }
}
