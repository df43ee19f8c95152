package io.jmlflow.integrations.tribuo;

import io.jmlflow.gadget.Gadget;
import io.jmlflow.internal.models.ModelFlavors;
import io.jmlflow.models.ModelSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.example.CheckerboardDataSource;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.example.RegressionDataGenerator;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.math.optimisers.AdaGrad;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TribuoModelFlavorTest {
    private final TribuoModelFlavor flavor = new TribuoModelFlavor();

    @Test
    void isFoundForTribuoModelsAndOnlyForThem() {
        MutableDataset<Label> data = new MutableDataset<>(new CheckerboardDataSource(50, 1L, 2, -1, 1));
        Model<Label> model = new CARTClassificationTrainer(2).train(data);
        assertEquals(TribuoModelFlavor.NAME, ModelFlavors.forModel(model).name());
        assertFalse(flavor.canSave("not a model"));
        assertFalse(flavor.canSave(null));
    }

    @Test
    void savesInProtobufAndLoadsAModelThatPredictsTheSame(@TempDir Path dir) throws Exception {
        MutableDataset<Label> train = new MutableDataset<>(new CheckerboardDataSource(200, 1L, 4, -1, 1));
        MutableDataset<Label> test = new MutableDataset<>(new CheckerboardDataSource(100, 2L, 4, -1, 1));
        Model<Label> model = new CARTClassificationTrainer(5).train(train);
        Map<String, Object> attrs = flavor.save(model, dir);
        assertEquals("protobuf", attrs.get("format"));
        assertEquals("model.tribuo", attrs.get("data"));
        assertEquals("4.3.2", attrs.get("tribuo_version"));
        assertEquals("org.tribuo.common.tree.TreeModel", attrs.get("model_class"));
        assertTrue(Files.size(dir.resolve("model.tribuo")) > 100);

        @SuppressWarnings("unchecked")
        Model<Label> back = (Model<Label>) flavor.load(dir, attrs);
        assertEquals(labels(model.predict(test)), labels(back.predict(test)));
        assertEquals(model.getProvenance(), back.getProvenance());
    }

    @Test
    void aModelWithoutAProtobufFormIsSavedWithJavaSerialization(@TempDir Path dir) throws Exception {
        MutableDataset<Label> data = new MutableDataset<>(new CheckerboardDataSource(50, 1L, 2, -1, 1));
        ConstantModel model = new ConstantModel(data, new Label("X"));
        Map<String, Object> attrs = flavor.save(model, dir);
        assertEquals("java_serialization", attrs.get("format"));
        assertEquals("model.ser", attrs.get("data"));
        assertFalse(Files.exists(dir.resolve("model.tribuo")), "the failed protobuf attempt leaves nothing behind");
        @SuppressWarnings("unchecked")
        Model<Label> back = (Model<Label>) flavor.load(dir, attrs);
        assertEquals(ConstantModel.class, back.getClass());
        assertEquals(labels(model.predict(data)), labels(back.predict(data)));
    }

    @Test
    void aJavaSerializedModelWithAForeignClassInsideIsRefusedBeforeItRuns(@TempDir Path dir) throws Exception {
        MutableDataset<Label> data = new MutableDataset<>(new CheckerboardDataSource(50, 1L, 2, -1, 1));
        Map<String, Object> attrs = flavor.save(new ConstantModel(data, new Label("X")), dir);
        ConstantModel carrier = new ConstantModel(data, new Label("X"));
        carrier.extra = new java.util.ArrayList<>(List.of(new Gadget()));
        io.jmlflow.internal.models.JavaSerializationFlavor.writeObject(carrier, dir.resolve("model.ser"));
        Exception e = assertThrows(IOException.class,
                () -> flavor.load(dir, attrs));
        assertTrue(e.getMessage().contains("class " + Gadget.class.getName() + " is not allowed"), e.getMessage());
        assertEquals(0, Gadget.RAN.get(), "the gadget's readObject never ran");
        carrier.extra = null;
    }

    /** A user-written model that, like Tribuo's default, has no protobuf serialization. */
    static final class ConstantModel extends Model<Label> {
        private static final long serialVersionUID = 1L;
        private final Label label;
        /** Whatever else a model holds (a crafted file puts a gadget here). */
        Object extra;

        ConstantModel(MutableDataset<Label> data, Label label) {
            super("constant", new org.tribuo.provenance.ModelProvenance(ConstantModel.class.getName(),
                    java.time.OffsetDateTime.now(), data.getProvenance(), new CARTClassificationTrainer().getProvenance()),
                    data.getFeatureIDMap(), data.getOutputIDInfo(), false);
            this.label = label;
        }

        @Override
        public Prediction<Label> predict(org.tribuo.Example<Label> example) {
            return new Prediction<>(label, example.size(), example);
        }

        @Override
        public Map<String, List<com.oracle.labs.mlrg.olcut.util.Pair<String, Double>>> getTopFeatures(int n) {
            return Map.of();
        }

        @Override
        public java.util.Optional<org.tribuo.Excuse<Label>> getExcuse(org.tribuo.Example<Label> example) {
            return java.util.Optional.empty();
        }

        @Override
        protected Model<Label> copy(String newName, org.tribuo.provenance.ModelProvenance newProvenance) {
            return this;
        }
    }

    @Test
    void signatureListsFeaturesAndOutputs() {
        MutableDataset<Label> data = new MutableDataset<>(new CheckerboardDataSource(50, 1L, 2, -1, 1));
        ModelSignature s = flavor.signature(new CARTClassificationTrainer(2).train(data));
        assertEquals(List.of(new ModelSignature.ColSpec("X1", "double"), new ModelSignature.ColSpec("X2", "double")), s.inputs());
        assertEquals(List.of(new ModelSignature.ColSpec("label", "string")), s.outputs());

        MutableDataset<Regressor> reg = (MutableDataset<Regressor>) RegressionDataGenerator.multiDimDenseTrainTest().getA();
        Model<Regressor> r = new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1), 1, 1L).train(reg);
        List<String> dims = reg.getOutputInfo().getDomain().stream().flatMap(d -> java.util.Arrays.stream(d.getNames())).sorted().toList();
        assertTrue(dims.size() > 1, dims.toString());
        assertEquals(dims,
                flavor.signature(r).outputs().stream().map(ModelSignature.ColSpec::name).sorted().toList());
    }

    private static List<String> labels(List<Prediction<Label>> predictions) {
        return predictions.stream().map(p -> p.getOutput().getLabel()).toList();
    }
}
