package io.jmlflow.integrations.tribuo.linked;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.io.FlatMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.ListMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.MapMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.ObjectMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.SimpleMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;

import java.util.List;
import java.util.Map;

/**
 * A provenance as Tribuo's JSON: {@code ProvenanceUtil.marshalProvenance} written by OLCUT's
 * {@code JsonProvenanceSerialization} when the application has it (tribuo-json), else by {@link #write} in the
 * same format, which {@code JsonProvenanceSerialization} reads back.
 */
final class ProvenanceJson {
    private static final String OLCUT_JSON = "com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization";

    private ProvenanceJson() {
    }

    static String of(ObjectProvenance provenance) {
        List<ObjectMarshalledProvenance> marshalled = ProvenanceUtil.marshalProvenance(provenance);
        String official = viaOlcut(marshalled, provenance.getClass().getClassLoader());
        return official != null ? official : write(marshalled);
    }

    private static String viaOlcut(List<ObjectMarshalledProvenance> marshalled, ClassLoader loader) {
        try {
            Class<?> serialization = Class.forName(OLCUT_JSON, true, loader);
            Object writer = serialization.getConstructor(boolean.class).newInstance(true);
            return (String) serialization.getMethod("serializeToString", List.class).invoke(writer, marshalled);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // tribuo-json (or its Jackson) is not there
        }
    }

    /** OLCUT's JSON provenance format, written without a JSON library. */
    static String write(List<ObjectMarshalledProvenance> marshalled) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < marshalled.size(); i++) {
            ObjectMarshalledProvenance o = marshalled.get(i);
            b.append(i == 0 ? "\n" : ",\n").append("  {\n");
            field(b, 2, "marshalled-class", ObjectMarshalledProvenance.class.getName()).append(",\n");
            field(b, 2, "object-name", o.getName()).append(",\n");
            field(b, 2, "object-class-name", o.getObjectClassName()).append(",\n");
            field(b, 2, "provenance-class", o.getProvenanceClassName()).append(",\n");
            indent(b, 2).append("\"map\": ");
            map(b, 2, o.getMap());
            b.append("\n  }");
        }
        return b.append(marshalled.isEmpty() ? "]" : "\n]").append('\n').toString();
    }

    private static void map(StringBuilder b, int depth, Map<String, FlatMarshalledProvenance> map) {
        if (map.isEmpty()) {
            b.append("{}");
            return;
        }
        b.append("{\n");
        int i = 0;
        for (Map.Entry<String, FlatMarshalledProvenance> e : map.entrySet()) {
            if (i++ > 0) b.append(",\n");
            indent(b, depth + 1);
            string(b, e.getKey()).append(": ");
            value(b, depth + 1, e.getValue());
        }
        b.append('\n');
        indent(b, depth).append('}');
    }

    private static void value(StringBuilder b, int depth, FlatMarshalledProvenance p) {
        b.append("{\n");
        if (p instanceof SimpleMarshalledProvenance) {
            SimpleMarshalledProvenance s = (SimpleMarshalledProvenance) p;
            field(b, depth + 1, "marshalled-class", SimpleMarshalledProvenance.class.getName()).append(",\n");
            field(b, depth + 1, "key", s.getKey()).append(",\n");
            field(b, depth + 1, "value", s.getValue()).append(",\n");
            field(b, depth + 1, "provenance-class", s.getProvenanceClassName()).append(",\n");
            field(b, depth + 1, "additional", s.getAdditional()).append(",\n");
            indent(b, depth + 1).append("\"is-reference\": ").append(s.isReference());
        } else if (p instanceof ListMarshalledProvenance) {
            field(b, depth + 1, "marshalled-class", ListMarshalledProvenance.class.getName()).append(",\n");
            indent(b, depth + 1).append("\"list\": [");
            List<FlatMarshalledProvenance> list = ((ListMarshalledProvenance) p).getList();
            for (int i = 0; i < list.size(); i++) {
                b.append(i == 0 ? "\n" : ",\n");
                indent(b, depth + 2);
                value(b, depth + 2, list.get(i));
            }
            if (!list.isEmpty()) indent(b.append('\n'), depth + 1);
            b.append(']');
        } else if (p instanceof MapMarshalledProvenance) {
            field(b, depth + 1, "marshalled-class", MapMarshalledProvenance.class.getName()).append(",\n");
            indent(b, depth + 1).append("\"map\": ");
            Map<String, FlatMarshalledProvenance> entries = new java.util.LinkedHashMap<>();
            for (Pair<String, FlatMarshalledProvenance> e : (MapMarshalledProvenance) p) entries.put(e.getA(), e.getB());
            map(b, depth + 1, entries);
        } else {
            field(b, depth + 1, "marshalled-class", p.getClass().getName());
        }
        b.append('\n');
        indent(b, depth).append('}');
    }

    private static StringBuilder field(StringBuilder b, int depth, String key, String value) {
        indent(b, depth);
        string(b, key).append(": ");
        return string(b, value);
    }

    private static StringBuilder indent(StringBuilder b, int depth) {
        for (int i = 0; i < depth; i++) b.append("  ");
        return b;
    }

    private static StringBuilder string(StringBuilder b, String s) {
        if (s == null) return b.append("null");
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
            }
        }
        return b.append('"');
    }
}
