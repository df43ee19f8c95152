package io.jmlflow.integrations.tribuo.linked;

import io.jmlflow.internal.ParamValues;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;

import java.util.Map;
import java.util.TreeMap;

/**
 * A trainer's configured parameters ({@code getProvenance().getConfiguredParameters()}) as flat MLflow params.
 * A nested object (an optimiser, an objective, an ensemble's inner trainer) gives its class name under its own
 * key and its parameters under {@code key.param}: {@code optimiser=org.tribuo.math.optimisers.AdaGrad},
 * {@code optimiser.initialLearningRate=1.0}. Lists of plain values become one {@code [a, b]} value, lists of
 * objects {@code key.0.param}, maps {@code key.entry}.
 */
final class TrainerParams {
    private static final String CLASS_NAME = "class-name";
    private static final String HOST_SHORT_NAME = "host-short-name";

    private TrainerParams() {
    }

    static Map<String, String> of(Map<String, ? extends Provenance> configured) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, ? extends Provenance> e : configured.entrySet()) flatten(e.getKey(), e.getValue(), out);
        return out;
    }

    private static void flatten(String key, Provenance p, Map<String, String> out) {
        if (p == null) {
            out.put(key, "None");
        } else if (p instanceof PrimitiveProvenance) {
            out.put(key, ParamValues.text(((PrimitiveProvenance<?>) p).getValue()));
        } else if (p instanceof ListProvenance) {
            flattenList(key, ((ListProvenance<?>) p).getList(), out);
        } else if (p instanceof MapProvenance) {
            for (Map.Entry<String, ? extends Provenance> e : ((MapProvenance<?>) p).getMap().entrySet()) {
                flatten(key + "." + e.getKey(), e.getValue(), out);
            }
        } else if (p instanceof ConfiguredObjectProvenance) {
            out.put(key, ((ObjectProvenance) p).getClassName());
            for (Map.Entry<String, Provenance> e : ((ConfiguredObjectProvenance) p).getConfiguredParameters().entrySet()) {
                flatten(key + "." + e.getKey(), e.getValue(), out);
            }
        } else if (p instanceof ObjectProvenance) {
            out.put(key, ((ObjectProvenance) p).getClassName());
            for (Pair<String, Provenance> e : (ObjectProvenance) p) {
                if (CLASS_NAME.equals(e.getA()) || HOST_SHORT_NAME.equals(e.getA())) continue;
                flatten(key + "." + e.getA(), e.getB(), out);
            }
        } else {
            out.put(key, String.valueOf(p));
        }
    }

    private static void flattenList(String key, java.util.List<? extends Provenance> list, Map<String, String> out) {
        boolean plain = true;
        for (Provenance p : list) plain &= p instanceof PrimitiveProvenance;
        if (plain) {
            java.util.List<Object> values = new java.util.ArrayList<>(list.size());
            for (Provenance p : list) values.add(((PrimitiveProvenance<?>) p).getValue());
            out.put(key, ParamValues.text(values));
        } else {
            for (int i = 0; i < list.size(); i++) flatten(key + "." + i, list.get(i), out);
        }
    }
}
