package io.jmlflow.integrations.spark;

import io.jmlflow.internal.ParamValues;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.OneVsRest;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.TrainValidationSplit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An estimator's params named as MLflow's {@code mlflow.pyspark.ml} names them. Every stage of the estimator's tree
 * (a pipeline's stages, depth first; the values of params that are themselves {@code Params}, such as a
 * CrossValidator's estimator and evaluator or OneVsRest's classifier) gets a name: its class's simple name, or
 * {@code <name>_<n>} when the tree holds several stages of that class. The root's params keep Spark's names
 * ({@code maxIter}); a nested stage's are {@code <stage name>.<param>} ({@code LogisticRegression.maxIter}); a
 * pipeline's {@code stages} param lists its stages' names, a param holding a stage names it. Every param that has a
 * value (set or default) counts. A tuning estimator's {@code estimatorParamMaps} are not params: each map becomes
 * {@code {"<stage name>.<param>": value}} ({@link #tuningParamMaps}). No Spark job runs here.
 */
final class SparkParams {
    private final Map<String, String> names = new HashMap<>();
    private final List<Params> stages = new ArrayList<>();

    private SparkParams(Params root) {
        traverse(root, stages);
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Integer> index = new HashMap<>();
        for (Params s : stages) counts.put(s.getClass().getSimpleName(), count(counts, s.getClass().getSimpleName()) + 1);
        for (Params s : stages) {
            String cls = s.getClass().getSimpleName();
            int n = count(index, cls) + 1;
            index.put(cls, n);
            names.put(s.uid(), count(counts, cls) > 1 ? cls + "_" + n : cls);
        }
    }

    private static int count(Map<String, Integer> counts, String key) {
        Integer n = counts.get(key);
        return n == null ? 0 : n;
    }

    static SparkParams of(Params root) {
        return new SparkParams(root);
    }

    /** Every stage, the root first, depth first. */
    List<Params> stages() {
        return stages;
    }

    /** The name of the stage with uid {@code uid} (its uid when it is not in the tree). */
    String name(String uid) {
        String n = names.get(uid);
        return n != null ? n : uid;
    }

    private static void traverse(Params stage, List<Params> out) {
        out.add(stage);
        if (stage instanceof Pipeline) {
            for (PipelineStage s : ((Pipeline) stage).getStages()) traverse(s, out);
        } else {
            for (Params p : paramsValued(stage).values()) traverse(p, out);
        }
    }

    /** The values of {@code stage}'s params that are {@code Params} (an estimator, an evaluator), by param name. */
    static Map<String, Params> paramsValued(Params stage) {
        Map<String, Params> out = new LinkedHashMap<>();
        for (Param<?> p : stage.params()) {
            if (!stage.isDefined(p)) continue;
            Object v = stage.getOrDefault(p);
            if (v instanceof Params) out.put(p.name(), (Params) v);
        }
        return out;
    }

    /** The values of every defined param of {@code stage}, by name (Spark sorts params by name). */
    static Map<String, Object> values(Params stage) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Param<?> p : stage.params()) {
            if (stage.isDefined(p)) out.put(p.name(), stage.getOrDefault(p));
        }
        return out;
    }

    static boolean isSearch(Object stage) {
        return stage instanceof CrossValidator || stage instanceof TrainValidationSplit;
    }

    /** The params of {@code root} to log, as text (MLflow's {@code _get_instance_param_map}). */
    Map<String, String> params(Params root) {
        Map<String, String> out = new LinkedHashMap<>();
        collect(root, 0, out);
        return out;
    }

    private void collect(Params instance, int level, Map<String, String> out) {
        String prefix = level == 0 ? "" : name(instance.uid()) + ".";
        boolean pipeline = instance instanceof Pipeline;
        boolean search = isSearch(instance);
        for (Map.Entry<String, Object> e : values(instance).entrySet()) {
            String key = prefix + e.getKey();
            Object value = e.getValue();
            if (pipeline && e.getKey().equals("stages")) {
                List<String> stageNames = new ArrayList<>();
                PipelineStage[] pipelineStages = ((Pipeline) instance).getStages();
                for (PipelineStage s : pipelineStages) stageNames.add(name(s.uid()));
                out.put(key, ParamValues.text(stageNames));
                for (PipelineStage s : pipelineStages) collect(s, level + 1, out);
            } else if (search && e.getKey().equals("estimator") && value instanceof Params) {
                out.put(key, name(((Params) value).uid())); // its params go to estimator_info.json and the child runs
            } else if (search && e.getKey().equals("estimatorParamMaps")) {
                continue; // in estimator_info.json
            } else if (value instanceof Params) {
                out.put(key, name(((Params) value).uid()));
                collect((Params) value, level + 1, out);
            } else {
                out.put(key, ParamValues.text(value));
            }
        }
    }

    /** MLflow logs {@code estimator_info.json} with a hierarchy for pipelines, searches and stages holding stages. */
    static boolean logsHierarchy(Params root) {
        return root instanceof Pipeline || root instanceof OneVsRest || isSearch(root) || !paramsValued(root).isEmpty();
    }

    /** The tree of stage names ({@code {"name": ..., "stages": [...]}}), as MLflow's {@code hierarchy}. */
    Map<String, Object> hierarchy(Params stage) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("name", name(stage.uid()));
        if (stage instanceof Pipeline) {
            List<Object> sub = new ArrayList<>();
            for (PipelineStage s : ((Pipeline) stage).getStages()) sub.add(hierarchy(s));
            h.put("stages", sub);
        } else if (stage instanceof OneVsRest) {
            h.put("classifier", hierarchy(((OneVsRest) stage).getClassifier()));
        } else if (isSearch(stage)) {
            h.put("evaluator", hierarchy(evaluator(stage)));
            h.put("tuned_estimator", hierarchy(tunedEstimator(stage)));
        } else {
            Map<String, Params> valued = paramsValued(stage);
            if (!valued.isEmpty()) {
                Map<String, Object> sub = new LinkedHashMap<>();
                for (Map.Entry<String, Params> e : valued.entrySet()) sub.put(e.getKey(), hierarchy(e.getValue()));
                h.put("params", sub);
            }
        }
        return h;
    }

    /** {@code estimator_info.json}: the hierarchy (when MLflow logs one) and each search's maps and tuned estimator. */
    Map<String, Object> estimatorInfo(Params root) {
        Map<String, Object> info = new LinkedHashMap<>();
        if (logsHierarchy(root)) info.put("hierarchy", hierarchy(root));
        for (Params s : stages) {
            if (!isSearch(s)) continue;
            Map<String, Object> search = new LinkedHashMap<>();
            search.put("tuning_parameter_map_list", tuningParamMaps(s));
            Map<String, String> tuned = new LinkedHashMap<>();
            collect(tunedEstimator(s), 1, tuned);
            search.put("tuned_estimator_parameter_map", tuned);
            info.put(name(s.uid()), search);
        }
        return info;
    }

    /**
     * A search's param maps, each as {@code {"<stage name>.<param>": value}} with the values as Spark has them, sorted
     * by name: Spark's {@code ParamMap} is a hash map keyed by params whose hash includes their stage's random uid, so
     * its order (pyspark keeps the grid's) changes from run to run.
     */
    List<Map<String, Object>> tuningParamMaps(Params search) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ParamMap map : estimatorParamMaps(search)) {
            Map<String, Object> m = new TreeMap<>();
            for (ParamPair<?> pair : map.toList()) {
                Object value = pair.value();
                m.put(name(pair.param().parent()) + "." + pair.param().name(),
                        value instanceof Params ? name(((Params) value).uid()) : value);
            }
            out.add(m);
        }
        return out;
    }

    static Estimator<?> tunedEstimator(Params search) {
        return search instanceof CrossValidator ? ((CrossValidator) search).getEstimator()
                : ((TrainValidationSplit) search).getEstimator();
    }

    static Evaluator evaluator(Params search) {
        return search instanceof CrossValidator ? ((CrossValidator) search).getEvaluator()
                : ((TrainValidationSplit) search).getEvaluator();
    }

    static ParamMap[] estimatorParamMaps(Params search) {
        return search instanceof CrossValidator ? ((CrossValidator) search).getEstimatorParamMaps()
                : ((TrainValidationSplit) search).getEstimatorParamMaps();
    }

    /** The evaluator's {@code metricName} (as MLflow's {@code getMetricName()}), or "metric" when it has none. */
    static String metricName(Evaluator evaluator) {
        if (evaluator.hasParam("metricName")) {
            Param<Object> p = evaluator.getParam("metricName");
            if (evaluator.isDefined(p)) return String.valueOf(evaluator.getOrDefault(p));
        }
        return "metric";
    }
}
