package io.jmlflow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Param values as Python writes them: each Java value next to the Python value a Python run would log. */
class ParamValuesTest {
    @TempDir
    Path dir;

    enum Optimizer { ADAM }

    @Test
    void javaValuesAreWrittenAsPythonsStrOfTheSameValue() {
        // Java value, the same value as a Python expression
        Map<String, Object[]> values = new LinkedHashMap<>();
        values.put("small", new Object[] {1e-4, "1e-4"});
        values.put("smaller", new Object[] {1e-5, "1e-5"});
        values.put("whole", new Object[] {100.0, "100.0"});
        values.put("big", new Object[] {1e16, "1e16"});
        values.put("just_below_big", new Object[] {1e15, "1e15"});
        values.put("sum", new Object[] {0.1 + 0.2, "0.1 + 0.2"});
        values.put("third", new Object[] {1.0 / 3, "1 / 3"});
        values.put("negative_zero", new Object[] {-0.0, "-0.0"});
        values.put("nan", new Object[] {Double.NaN, "float('nan')"});
        values.put("inf", new Object[] {Double.NEGATIVE_INFINITY, "float('-inf')"});
        values.put("float32", new Object[] {0.1f, "numpy.float32(0.1)"});
        values.put("float32_small", new Object[] {1e-5f, "numpy.float32(1e-5)"});
        values.put("int", new Object[] {3, "3"});
        values.put("long", new Object[] {Long.MAX_VALUE, "9223372036854775807"});
        values.put("true", new Object[] {true, "True"});
        values.put("none", new Object[] {null, "None"});
        values.put("text", new Object[] {"adam", "'adam'"});
        values.put("list", new Object[] {List.of(64, 32), "[64, 32]"});
        values.put("array", new Object[] {new double[] {0.5, 1e-5}, "[0.5, 1e-5]"});
        values.put("mixed", new Object[] {Arrays.asList("a", "it's", null, false, 2.0),
            "['a', \"it's\", None, False, 2.0]"});
        values.put("nested", new Object[] {List.of(List.of(1), List.of()), "[[1], []]"});
        values.put("map", new Object[] {new LinkedHashMap<>(Map.of("lr", 0.1)), "{'lr': 0.1}"});

        StringBuilder script = new StringBuilder("import json, numpy\nout = {}\n");
        for (Map.Entry<String, Object[]> e : values.entrySet()) {
            script.append("out['").append(e.getKey()).append("'] = str(").append(e.getValue()[1]).append(")\n");
        }
        script.append("print(json.dumps(out))\n");
        JsonNode python = PythonMlflow.json(null, dir, script.toString());

        List<String> differ = new ArrayList<>();
        for (Map.Entry<String, Object[]> e : values.entrySet()) {
            String ours = ParamValues.text(e.getValue()[0]);
            String theirs = python.get(e.getKey()).asText();
            if (!ours.equals(theirs)) differ.add(e.getKey() + ": Java " + ours + ", Python " + theirs);
        }
        assertEquals(List.of(), differ);
    }

    @Test
    void javaTypesWithoutAPythonTwin() {
        assertEquals("ADAM", ParamValues.text(Optimizer.ADAM));
        assertEquals("java.lang.String", ParamValues.text(String.class));
        assertEquals("PT1S", ParamValues.text(java.time.Duration.ofSeconds(1)));
        String cut = ParamValues.text(new int[2000]);
        assertEquals("[" + "0, ".repeat(1000) + "...]", cut, "a long sequence is cut short");
    }

    @Test
    void numbersJavaWroteAsTextAreRewrittenTheOtherTextStays() {
        assertEquals("0.0001", ParamValues.number("1.0E-4"));
        assertEquals("1e-05", ParamValues.number("1.0E-5"));
        assertEquals("100.0", ParamValues.number("100.0"));
        assertEquals("inf", ParamValues.number("Infinity"));
        assertEquals("-0.5", ParamValues.number("-0.5"));
        for (String text : new String[] {"100", "abc", "1.", ".5", "1e-4", "1.0E", "GINI", "", "1.0E-4x"}) {
            assertEquals(text, ParamValues.number(text), text);
        }
    }
}
