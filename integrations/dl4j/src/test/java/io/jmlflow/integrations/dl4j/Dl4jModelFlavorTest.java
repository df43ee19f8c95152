package io.jmlflow.integrations.dl4j;

import io.jmlflow.gadget.Gadget;
import io.jmlflow.models.ModelFlavor;
import io.jmlflow.internal.models.ModelFlavors;
import io.jmlflow.models.ModelSignature;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Dl4jModelFlavorTest {
    private final Dl4jModelFlavor flavor = new Dl4jModelFlavor();

    @Test
    void isFoundThroughServiceLoaderAndWinsOverJavaSerialization() {
        MultiLayerNetwork net = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX, 2);
        ModelFlavor f = ModelFlavors.forModel(net);
        assertInstanceOf(Dl4jModelFlavor.class, f);
        assertFalse(flavor.canSave("a string"));
        assertFalse(flavor.canSave(null));
    }

    @Test
    void multiLayerNetworkRoundTripKeepsOutputsAndUpdaterState(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX, 2);
        DataSet data = Dl4jTestNetworks.data(30);
        net.fit(Dl4jTestNetworks.iterator(data, 10), 2);
        Map<String, Object> attrs = flavor.save(net, dir);
        assertTrue(Files.size(dir.resolve("model.zip")) > 0);
        assertEquals("1.0.0-M2.1", attrs.get("dl4j_version"));
        assertEquals("MultiLayerNetwork", attrs.get("model_type"));
        MultiLayerNetwork back = (MultiLayerNetwork) flavor.load(dir, attrs);
        INDArray x = data.getFeatures();
        assertEquals(net.output(x), back.output(x));
        assertEquals(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
    }

    @Test
    void computationGraphRoundTrip(@TempDir Path dir) throws Exception {
        ComputationGraph g = Dl4jTestNetworks.graph();
        Map<String, Object> attrs = flavor.save(g, dir);
        ComputationGraph back = (ComputationGraph) flavor.load(dir, attrs);
        INDArray x = Dl4jTestNetworks.data(5).getFeatures();
        assertEquals(g.outputSingle(x), back.outputSingle(x));
        assertNull(flavor.signature(g), "no column signature for graphs");
    }

    @Test
    void denseNetworksGetAColumnSignature() {
        MultiLayerNetwork net = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX, 2);
        ModelSignature s = flavor.signature(net);
        assertEquals(3, s.inputs().size());
        assertEquals(2, s.outputs().size());
        assertEquals("float", s.inputs().get(0).type());
        assertSame(null, s.inputs().get(0).name());
    }

    @Test
    void aJavaSerializedMemberWithAForeignClassIsRefusedBeforeDl4jReadsIt(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX, 2);
        Map<String, Object> attrs = flavor.save(net, dir);
        Path zip = dir.resolve("model.zip");
        Path crafted = dir.resolve("crafted.zip");
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(zip));
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(crafted))) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                in.transferTo(out);
            }
            out.putNextEntry(new java.util.zip.ZipEntry("preprocessor.bin"));
            java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(out);
            o.writeObject(new java.util.ArrayList<>(java.util.List.of(new Gadget())));
            o.flush();
            out.closeEntry();
        }
        Files.move(crafted, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Exception e = assertThrows(IOException.class, () -> flavor.load(dir, attrs));
        assertTrue(e.getMessage().contains("class " + Gadget.class.getName() + " is not allowed"), e.getMessage());
        assertEquals(0, Gadget.RAN.get(), "the gadget's readObject never ran");

        Map<String, Object> outside = new java.util.HashMap<>(attrs);
        outside.put("data", "../model.zip");
        Path inner = Files.createDirectory(dir.resolve("inner"));
        e = assertThrows(IOException.class, () -> flavor.load(inner, outside));
        assertTrue(e.getMessage().contains("leads outside the model folder"), e.getMessage());
    }
}
