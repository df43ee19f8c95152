package io.jmlflow.integrations.dl4j;

import io.jmlflow.internal.ParamValues;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network's hyperparameters as MLflow params, read from its configuration. The project's naming rule: a setting
 * keeps the name DL4J's builders give it ({@code seed}, {@code optimizationAlgo}, {@code dataType},
 * {@code backpropType}, {@code updater}, {@code l1}, {@code l2}, {@code weightDecay}, {@code weightInit}, per layer
 * {@code layer_<i>.nIn}, {@code .nOut}, {@code .activation}, {@code .dropOut}, {@code .lossFunction}, ...); what is
 * derived rather than set is snake_case ({@code model_class}, {@code layer_count}, {@code parameter_count},
 * {@code updater_config}, {@code learning_rate}, {@code regularization}, {@code layer_<i>.type}, ...). The updater,
 * learning rate, regularization and weight init are also network-wide params when all layers share them.
 */
final class ModelDescription {
    private ModelDescription() {
    }

    static Map<String, String> params(Model model) {
        Map<String, String> out = new LinkedHashMap<>();
        if (model instanceof MultiLayerNetwork) {
            describe((MultiLayerNetwork) model, out);
        } else if (model instanceof ComputationGraph) {
            describe((ComputationGraph) model, out);
        }
        return out;
    }

    private static void describe(MultiLayerNetwork net, Map<String, String> out) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        List<NeuralNetConfiguration> confs = conf.getConfs();
        out.put("model_class", "MultiLayerNetwork");
        if (!confs.isEmpty()) network(confs.get(0), out);
        out.put("layer_count", String.valueOf(confs.size()));
        out.put("parameter_count", String.valueOf(net.numParams()));
        out.put("dataType", String.valueOf(conf.getDataType()));
        backprop(conf.getBackpropType(), conf.getTbpttFwdLength(), conf.getTbpttBackLength(), out);
        List<Layer> layers = new ArrayList<>();
        for (NeuralNetConfiguration c : confs) layers.add(c.getLayer());
        layers(layers, null, out);
    }

    private static void describe(ComputationGraph graph, Map<String, String> out) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        out.put("model_class", "ComputationGraph");
        network(conf.getDefaultConfiguration(), out);
        List<Layer> layers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Map<String, GraphVertex> vertices = conf.getVertices();
        for (String name : conf.getTopologicalOrderStr()) {
            GraphVertex v = vertices.get(name);
            if (v instanceof LayerVertex) {
                layers.add(((LayerVertex) v).getLayerConf().getLayer());
                names.add(name);
            }
        }
        out.put("layer_count", String.valueOf(layers.size()));
        out.put("vertex_count", String.valueOf(vertices.size()));
        out.put("network_inputs", String.join(",", conf.getNetworkInputs()));
        out.put("network_outputs", String.join(",", conf.getNetworkOutputs()));
        out.put("parameter_count", String.valueOf(graph.numParams()));
        out.put("dataType", String.valueOf(conf.getDataType()));
        backprop(conf.getBackpropType(), conf.getTbpttFwdLength(), conf.getTbpttBackLength(), out);
        layers(layers, names, out);
    }

    private static void network(NeuralNetConfiguration c, Map<String, String> out) {
        if (c == null) return;
        out.put("seed", String.valueOf(c.getSeed()));
        out.put("optimizationAlgo", String.valueOf(c.getOptimizationAlgo()));
    }

    private static void backprop(BackpropType type, int forward, int backward, Map<String, String> out) {
        out.put("backpropType", String.valueOf(type));
        if (type == BackpropType.TruncatedBPTT) {
            out.put("tbpttFwdLength", String.valueOf(forward));
            out.put("tbpttBackLength", String.valueOf(backward));
        }
    }

    /** Per-layer params, then the network-wide updater etc. when every layer that has one agrees. */
    private static void layers(List<Layer> layers, List<String> names, Map<String, String> out) {
        Set<String> updaters = new LinkedHashSet<>();
        Set<String> learningRates = new LinkedHashSet<>();
        Set<String> regularizations = new LinkedHashSet<>();
        Set<Map<String, String>> coefficients = new LinkedHashSet<>();
        Set<String> weightInits = new LinkedHashSet<>();
        Map<String, String> perLayer = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String p = "layer_" + i + ".";
            String name = names != null ? names.get(i) : l.getLayerName();
            if (name != null) perLayer.put(p + "name", name);
            perLayer.put(p + "type", l.getClass().getSimpleName());
            if (l instanceof FeedForwardLayer) {
                perLayer.put(p + "nIn", String.valueOf(((FeedForwardLayer) l).getNIn()));
                perLayer.put(p + "nOut", String.valueOf(((FeedForwardLayer) l).getNOut()));
            }
            if (l instanceof BaseLayer) {
                BaseLayer b = (BaseLayer) l;
                if (b.getActivationFn() != null) perLayer.put(p + "activation", String.valueOf(b.getActivationFn()));
                if (b.getWeightInitFn() != null) {
                    String w = shortName(b.getWeightInitFn(), "WeightInit");
                    perLayer.put(p + "weightInit", w);
                    weightInits.add(w);
                }
                IUpdater u = b.getIUpdater();
                if (u != null) {
                    perLayer.put(p + "updater", simpleName(u));
                    updaters.add(String.valueOf(u));
                    String lr = learningRate(u);
                    if (lr != null) {
                        perLayer.put(p + "learning_rate", lr);
                        learningRates.add(lr);
                    }
                }
                String reg = regularization(b.getRegularization());
                perLayer.put(p + "regularization", reg);
                regularizations.add(reg);
                coefficients.add(coefficients(b.getRegularization()));
            } else if (l instanceof LossLayer && ((LossLayer) l).getActivationFn() != null) {
                perLayer.put(p + "activation", String.valueOf(((LossLayer) l).getActivationFn()));
            }
            if (l.getIDropout() != null) perLayer.put(p + "dropOut", String.valueOf(l.getIDropout()));
            ILossFunction loss = lossOf(l);
            if (loss != null) perLayer.put(p + "lossFunction", shortName(loss, "Loss"));
        }
        if (updaters.size() == 1) {
            String config = updaters.iterator().next();
            int paren = config.indexOf('(');
            out.put("updater", paren > 0 ? config.substring(0, paren) : config);
            out.put("updater_config", config);
        }
        if (learningRates.size() == 1) out.put("learning_rate", learningRates.iterator().next());
        if (regularizations.size() == 1) out.put("regularization", regularizations.iterator().next());
        if (coefficients.size() == 1) out.putAll(coefficients.iterator().next());
        if (weightInits.size() == 1) out.put("weightInit", weightInits.iterator().next());
        out.putAll(perLayer);
    }

    /** The output layer's loss function (classification or regression is decided from it), or null. */
    static ILossFunction lossOf(Layer l) {
        if (l instanceof BaseOutputLayer) return ((BaseOutputLayer) l).getLossFn();
        if (l instanceof LossLayer) return ((LossLayer) l).getLossFn();
        return null;
    }

    /** The loss function of the network's (first) output layer, or null. */
    static ILossFunction outputLoss(Model model) {
        if (model instanceof MultiLayerNetwork) {
            List<NeuralNetConfiguration> confs = ((MultiLayerNetwork) model).getLayerWiseConfigurations().getConfs();
            return confs.isEmpty() ? null : lossOf(confs.get(confs.size() - 1).getLayer());
        }
        if (model instanceof ComputationGraph) {
            ComputationGraphConfiguration conf = ((ComputationGraph) model).getConfiguration();
            if (conf.getNetworkOutputs().isEmpty()) return null;
            GraphVertex v = conf.getVertices().get(conf.getNetworkOutputs().get(0));
            return v instanceof LayerVertex ? lossOf(((LayerVertex) v).getLayerConf().getLayer()) : null;
        }
        return null;
    }

    /** The activation of the (first) output layer, or null. */
    static org.nd4j.linalg.activations.IActivation outputActivation(Model model) {
        Layer layer = null;
        if (model instanceof MultiLayerNetwork) {
            List<NeuralNetConfiguration> confs = ((MultiLayerNetwork) model).getLayerWiseConfigurations().getConfs();
            if (!confs.isEmpty()) layer = confs.get(confs.size() - 1).getLayer();
        } else if (model instanceof ComputationGraph) {
            ComputationGraphConfiguration conf = ((ComputationGraph) model).getConfiguration();
            GraphVertex v = conf.getNetworkOutputs().isEmpty() ? null : conf.getVertices().get(conf.getNetworkOutputs().get(0));
            if (v instanceof LayerVertex) layer = ((LayerVertex) v).getLayerConf().getLayer();
        }
        return layer instanceof BaseLayer ? ((BaseLayer) layer).getActivationFn() : null;
    }

    /** A regularization coefficient at the start of training, as Python writes floats. */
    private static String coefficient(org.nd4j.linalg.schedule.ISchedule schedule) {
        return ParamValues.text(schedule.valueAt(0, 0));
    }

    /** The learning rate at the start of training (a schedule shows in {@code updater_config}), or null. */
    private static String learningRate(IUpdater u) {
        if (!u.hasLearningRate()) return null;
        double lr = u.getLearningRate(0, 0);
        return Double.isNaN(lr) ? null : ParamValues.text(lr);
    }

    private static String regularization(List<Regularization> regs) {
        if (regs == null || regs.isEmpty()) return "none";
        List<String> parts = new ArrayList<>();
        for (Regularization r : regs) parts.add(String.valueOf(r));
        return String.join(", ", parts);
    }

    /** {@code l1}, {@code l2}, {@code weight_decay} coefficients (at the start of training). */
    private static Map<String, String> coefficients(List<Regularization> regs) {
        Map<String, String> out = new LinkedHashMap<>();
        if (regs == null) return out;
        for (Regularization r : regs) {
            if (r instanceof L1Regularization) out.put("l1", coefficient(((L1Regularization) r).getL1()));
            if (r instanceof L2Regularization) out.put("l2", coefficient(((L2Regularization) r).getL2()));
            if (r instanceof WeightDecay) out.put("weightDecay", coefficient(((WeightDecay) r).getCoeff()));
        }
        return out;
    }

    private static String simpleName(Object o) {
        return o.getClass().getSimpleName();
    }

    /** {@code WeightInitXavier} -> {@code XAVIER}, {@code LossMCXENT} -> {@code MCXENT}: DL4J's enum names. */
    static String shortName(Object o, String prefix) {
        String name = o.getClass().getSimpleName();
        if (name.startsWith(prefix) && name.length() > prefix.length()) name = name.substring(prefix.length());
        return name.toUpperCase(java.util.Locale.ROOT);
    }

    /** The network's data type (the type it casts its inputs to), or null. */
    static org.nd4j.linalg.api.buffer.DataType dataType(Model model) {
        if (model instanceof MultiLayerNetwork) return ((MultiLayerNetwork) model).getLayerWiseConfigurations().getDataType();
        if (model instanceof ComputationGraph) return ((ComputationGraph) model).getConfiguration().getDataType();
        return null;
    }

    /** A copy of the network's configuration, which training does not touch (for {@link #configurationJson}). */
    static Object configurationCopy(Model model) {
        if (model instanceof MultiLayerNetwork) return ((MultiLayerNetwork) model).getLayerWiseConfigurations().clone();
        if (model instanceof ComputationGraph) {
            // DL4J's clone of a graph configuration drops the epoch and iteration counts
            ComputationGraphConfiguration original = ((ComputationGraph) model).getConfiguration();
            ComputationGraphConfiguration copy = original.clone();
            copy.setEpochCount(original.getEpochCount());
            copy.setIterationCount(original.getIterationCount());
            return copy;
        }
        return null;
    }

    /**
     * A network's configuration (or a configuration) as DL4J's own JSON, the format
     * {@code MultiLayerConfiguration.fromJson} / {@code ComputationGraphConfiguration.fromJson} read back.
     */
    static String configurationJson(Object modelOrConfiguration) {
        Object c = modelOrConfiguration instanceof Model ? configurationCopy((Model) modelOrConfiguration)
                : modelOrConfiguration;
        if (c instanceof MultiLayerConfiguration) return ((MultiLayerConfiguration) c).toJson();
        if (c instanceof ComputationGraphConfiguration) return ((ComputationGraphConfiguration) c).toJson();
        return null;
    }

    /** DL4J's layer table ({@code summary()}). */
    static String summary(Model model) {
        if (model instanceof MultiLayerNetwork) return ((MultiLayerNetwork) model).summary();
        if (model instanceof ComputationGraph) return ((ComputationGraph) model).summary();
        return null;
    }
}
