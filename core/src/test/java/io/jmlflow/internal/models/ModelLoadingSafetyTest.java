package io.jmlflow.internal.models;

import io.jmlflow.MlflowClient;
import io.jmlflow.MlflowConfig;
import io.jmlflow.MlflowException;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.gadget.Gadget;
import io.jmlflow.testing.Payloads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a model folder someone else wrote can make {@code loadModel} do: a class outside the model's library is never
 * created (so its {@code readObject} never runs), the top-level object must be the declared class, nested sets
 * cannot make hashing explode, and the data file must lie inside the folder.
 */
class ModelLoadingSafetyTest {
    @TempDir
    Path dir;

    /** A model of the generic flavor; its package is what the filter allows besides the JDK's classes. */
    public record Wrapper(Object payload, double weight) implements Serializable {
    }

    private final JavaSerializationFlavor flavor = new JavaSerializationFlavor();

    @BeforeEach
    @AfterEach
    void reset() {
        Gadget.RAN.set(0);
        MlflowConfig.set(ModelClassFilter.CONFIG_KEY, null);
    }

    private Map<String, Object> save(Object model) throws Exception {
        return flavor.save(model, dir);
    }

    private static Map<String, Object> declaring(Map<String, Object> attributes, String modelClass) {
        Map<String, Object> a = new HashMap<>(attributes);
        a.put("model_class", modelClass);
        return a;
    }

    @Test
    void aModelOfTheDeclaredClassAndTheJdkCollectionsLoads() throws Exception {
        Wrapper m = new Wrapper(new HashMap<>(Map.of("layers", List.of(1, 2, 3), "name", "net")), 0.5);
        assertEquals(m, flavor.load(dir, save(m)));
    }

    @Test
    void aGadgetIsRefusedBeforeItsCodeRuns() throws Exception {
        Map<String, Object> attributes = save(new Wrapper(Map.of("x", new Gadget()), 1));
        Exception e = assertThrows(IOException.class, () -> flavor.load(dir, attributes));
        assertTrue(e.getMessage().contains("class io.jmlflow.gadget.Gadget is not allowed"), e.getMessage());
        assertTrue(e.getMessage().contains(ModelClassFilter.CONFIG_KEY), "says how to widen: " + e.getMessage());
        assertEquals(0, Gadget.RAN.get(), "the gadget's readObject never ran");

        MlflowConfig.set(ModelClassFilter.CONFIG_KEY, "io.jmlflow.gadget.**");
        assertTrue(flavor.load(dir, attributes) instanceof Wrapper, "the configured filter widens the default");
        assertEquals(1, Gadget.RAN.get());
    }

    @Test
    void aFileHoldingAnotherClassThanTheMlmodelDeclaresIsRefused() throws Exception {
        Map<String, Object> attributes = save(new Wrapper("a", 1));
        Exception e = assertThrows(IOException.class,
                () -> flavor.load(dir, declaring(attributes, "io.jmlflow.internal.models.Other")));
        assertTrue(e.getMessage().contains("holds a " + Wrapper.class.getName() + " where the MLmodel declares a "
                + "io.jmlflow.internal.models.Other"), e.getMessage());

        save(new Gadget()); // the whole file swapped: a gadget as the top-level object
        e = assertThrows(IOException.class, () -> flavor.load(dir, attributes));
        assertTrue(e.getMessage().contains("holds a " + Gadget.class.getName()), e.getMessage());
        assertEquals(0, Gadget.RAN.get());
    }

    @Test
    void theNestedSetPayloadIsRefusedAfterABoundedNumberOfHashSteps() throws Exception {
        for (int levels : new int[] {30, 100}) {
            Map<String, Object> attributes = declaring(save(Payloads.nestedSets(levels)), "java.util.HashSet");
            long size = Files.size(dir.resolve("model.ser"));
            assertTrue(size < 6000, "a small file: " + size);
            Exception e = assertThrows(IOException.class, () -> flavor.load(dir, attributes));
            long bound = ModelClassFilter.BASE_HASH_STEPS + ModelClassFilter.HASH_STEPS_PER_BYTE * size;
            assertTrue(e.getMessage().contains("would cost more than " + bound + " hashing steps"), e.getMessage());
        }
    }

    @Test
    void nestingDeeperThanTheBoundIsRefusedAndTheBoundCanBeRaised() throws Exception {
        Object chain = "end";
        for (int i = 0; i < 600; i++) chain = new Wrapper(chain, i);
        Map<String, Object> attributes = save(chain);
        Exception e = assertThrows(IOException.class, () -> flavor.load(dir, attributes));
        assertTrue(e.getMessage().contains("nested deeper than " + ModelClassFilter.DEFAULT_MAX_DEPTH), e.getMessage());
        MlflowConfig.set(ModelClassFilter.CONFIG_KEY, "maxdepth=2000");
        Object back = flavor.load(dir, attributes);
        int depth = 0;
        while (back instanceof Wrapper w) {
            back = w.payload();
            depth++;
        }
        assertEquals(600, depth);
        assertEquals("end", back);
    }

    @Test
    void aDataPathOutsideTheModelFolderIsRefused() throws Exception {
        Path model = Files.createDirectory(dir.resolve("model"));
        Map<String, Object> attributes = flavor.save(new Wrapper("secret", 1), dir);
        Files.move(dir.resolve("model.ser"), dir.resolve("outside.ser"));
        Files.createSymbolicLink(model.resolve("link.ser"), dir.resolve("outside.ser"));
        for (String data : new String[] {"../outside.ser", dir.resolve("outside.ser").toString(), "a/../../outside.ser",
            "link.ser", "."}) {
            Map<String, Object> a = new HashMap<>(attributes);
            a.put("data", data);
            Exception e = assertThrows(IOException.class, () -> flavor.load(model, a), data);
            assertTrue(e.getMessage().contains("leads outside the model folder"), data + ": " + e.getMessage());
        }
    }

    @Test
    void aSwappedModelFileIsRefusedByLoadModel() throws Exception {
        try (MlflowClient client = new MlflowClient("file:" + dir.resolve("mlruns"))) {
            String run = client.createRun("0").info().runId();
            LoggedModel logged = client.logModel(run, new Wrapper("fine", 2), "model");
            assertEquals(new Wrapper("fine", 2), client.loadModel("models:/" + logged.modelId()));
            Path artifacts = io.jmlflow.internal.artifacts.ArtifactPaths.localPath(logged.artifactLocation());
            JavaSerializationFlavor.writeObject(new Wrapper(Set.of(new Gadget()), 2), artifacts.resolve("model.ser"));
            MlflowException e = assertThrows(MlflowException.class,
                    () -> client.loadModel("models:/" + logged.modelId()));
            assertTrue(e.getMessage().contains("Gadget is not allowed"), e.getMessage());
            assertEquals(0, Gadget.RAN.get());
        }
    }
}
