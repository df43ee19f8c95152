package io.jmlflow.integrations.smile;

import org.junit.jupiter.api.Test;
import smile.base.cart.SplitRule;
import smile.data.formula.Formula;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HyperParametersTest {
    @Test
    void positionalArgumentsBecomeParamsAndDataIsLeftOut() {
        Blobs blobs = new Blobs(40, 2, 2, 1);
        Object[] args = {Formula.lhs("label"), blobs.frame(), 50, 1, SplitRule.GINI, 20, 8, 5, 0.632, new int[] {1, 2},
                LongStream.range(0, 50), blobs.y, blobs.x, new smile.math.kernel.GaussianKernel(1.5), null};
        String[] names = {"formula", "data", "ntrees", "mtry", "rule", "maxDepth", "maxNodes", "nodeSize", "subsample",
                "classWeight", "seeds", "y", "x", "kernel", "nothing"};
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("formula", "label ~ .");
        expected.put("ntrees", "50");
        expected.put("mtry", "1");
        expected.put("rule", "GINI");
        expected.put("maxDepth", "20");
        expected.put("maxNodes", "8");
        expected.put("nodeSize", "5");
        expected.put("subsample", "0.632");
        expected.put("classWeight", "[1, 2]");
        expected.put("kernel", new smile.math.kernel.GaussianKernel(1.5).toString());
        assertEquals(expected, HyperParameters.of(names, args, 40));
    }

    @Test
    void propertiesKeysLoseTheSmileAlgorithmPrefix() {
        Properties p = new Properties();
        p.setProperty("smile.random_forest.trees", "10");
        p.setProperty("smile.mlp.layers", "ReLU(10)");
        p.setProperty("custom", "x");
        p.setProperty("smile.odd", "y");
        assertEquals(Map.of("trees", "10", "layers", "ReLU(10)", "custom", "x", "smile.odd", "y"),
                HyperParameters.of(new String[] {"params"}, new Object[] {p}, 0));
    }

    @Test
    void longValuesAreCut() {
        Map<String, String> out = HyperParameters.of(new String[] {"s"}, new Object[] {"a".repeat(2000)}, 0);
        assertEquals(HyperParameters.MAX_VALUE_LENGTH, out.get("s").length());
    }
}
