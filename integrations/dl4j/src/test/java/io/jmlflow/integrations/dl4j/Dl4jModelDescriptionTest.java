package io.jmlflow.integrations.dl4j;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Dl4jModelDescriptionTest {
    @Test
    void multiLayerNetworkParams() {
        MultiLayerNetwork net = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX, 2);
        Map<String, String> p = ModelDescription.params(net);
        assertEquals("MultiLayerNetwork", p.get("model_class"));
        assertEquals("12", p.get("seed"));
        assertEquals("STOCHASTIC_GRADIENT_DESCENT", p.get("optimizationAlgo"));
        assertEquals("2", p.get("layer_count"));
        assertEquals(String.valueOf(3 * 5 + 5 + 5 * 2 + 2), p.get("parameter_count"));
        assertEquals("Adam", p.get("updater"));
        assertTrue(p.get("updater_config").startsWith("Adam(learningRate=0.02"), p.get("updater_config"));
        assertEquals("0.02", p.get("learning_rate"));
        assertEquals("0.001", p.get("l2"));
        assertEquals("XAVIER", p.get("weightInit"));
        assertEquals("DenseLayer", p.get("layer_0.type"));
        assertEquals("3", p.get("layer_0.nIn"));
        assertEquals("5", p.get("layer_0.nOut"));
        assertEquals("relu", p.get("layer_0.activation"));
        assertEquals("Adam", p.get("layer_0.updater"));
        assertEquals("OutputLayer", p.get("layer_1.type"));
        assertEquals("softmax", p.get("layer_1.activation"));
        assertEquals("MCXENT", p.get("layer_1.lossFunction"));
        assertEquals("Standard", p.get("backpropType"));
        assertFalse(p.containsKey("layer_2.type"));
    }

    @Test
    void computationGraphParamsFollowTheTopologicalOrder() {
        ComputationGraph g = Dl4jTestNetworks.graph();
        Map<String, String> p = ModelDescription.params(g);
        assertEquals("ComputationGraph", p.get("model_class"));
        assertEquals("3", p.get("seed"));
        assertEquals("in", p.get("network_inputs"));
        assertEquals("out", p.get("network_outputs"));
        assertEquals("2", p.get("layer_count"));
        assertEquals("2", p.get("vertex_count"), "layers and other vertices, not the inputs");
        assertEquals("hidden", p.get("layer_0.name"));
        assertEquals("out", p.get("layer_1.name"));
        assertEquals("Sgd", p.get("updater"));
        assertEquals("0.1", p.get("learning_rate"));
        assertEquals("none", p.get("regularization"));
        assertEquals(String.valueOf(g.numParams()), p.get("parameter_count"));
    }

    @Test
    void configurationJsonReadsBack() {
        MultiLayerNetwork net = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MSE, Activation.IDENTITY, 1);
        String json = ModelDescription.configurationJson(net);
        assertEquals(net.getLayerWiseConfigurations(), MultiLayerConfiguration.fromJson(json));
        assertTrue(ModelDescription.summary(net).contains("DenseLayer"));
    }
}
