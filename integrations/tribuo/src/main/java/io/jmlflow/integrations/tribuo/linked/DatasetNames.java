package io.jmlflow.integrations.tribuo.linked;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.provenance.DatasetProvenance;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A short name for the data a model was evaluated on, taken from its provenance, used as the prefix of that
 * evaluation's metrics. First match wins:
 * <ol>
 *   <li>a {@code TrainTestSplitter} split: the name of the split source plus {@code _train} or {@code _test};</li>
 *   <li>a {@code description} (datasets built from a {@code SimpleDataSourceProvenance}): that description;</li>
 *   <li>a file, path or URL among the source's values (CSV, JSON, text sources): the file name without extension;</li>
 *   <li>otherwise the data source class name without {@code DataSource}, in snake case
 *       ({@code CheckerboardDataSource} gives {@code checkerboard}).</li>
 * </ol>
 * Characters MLflow does not accept in metric keys become {@code _}; names are at most 40 characters.
 */
final class DatasetNames {
    static final int MAX_LENGTH = 40;

    private DatasetNames() {
    }

    static String of(ObjectProvenance provenance) {
        String name = clean(raw(provenance, 0));
        return name.isEmpty() ? "eval" : name;
    }

    private static String raw(ObjectProvenance p, int depth) {
        if (p == null || depth > 4) return "";
        if (p instanceof DatasetProvenance) return raw(((DatasetProvenance) p).getSourceProvenance(), depth + 1);
        Map<String, Provenance> fields = new LinkedHashMap<>();
        for (Pair<String, Provenance> e : p) fields.put(e.getA(), e.getB());
        Provenance source = fields.get("source");
        Object isTrain = value(fields.get("is-train"));
        if (source instanceof ObjectProvenance && isTrain instanceof Boolean) {
            return raw((ObjectProvenance) source, depth + 1) + ((Boolean) isTrain ? "_train" : "_test");
        }
        Object description = value(fields.get("description"));
        if (description != null && !description.toString().isBlank()) return description.toString();
        for (Provenance f : fields.values()) {
            String file = fileName(value(f));
            if (file != null) return file;
        }
        return fromClassName(p.getClassName());
    }

    private static Object value(Provenance p) {
        return p instanceof PrimitiveProvenance ? ((PrimitiveProvenance<?>) p).getValue() : null;
    }

    private static String fileName(Object v) {
        String path = null;
        if (v instanceof Path) path = String.valueOf(((Path) v).getFileName());
        else if (v instanceof File) path = ((File) v).getName();
        else if (v instanceof URL) path = ((URL) v).getPath();
        else if (v instanceof URI) path = ((URI) v).getPath();
        if (path == null || path.isEmpty() || "null".equals(path)) return null;
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    static String fromClassName(String className) {
        if (className == null) return "";
        String simple = className.substring(className.lastIndexOf('.') + 1);
        simple = simple.substring(simple.lastIndexOf('$') + 1);
        for (String suffix : new String[] {"Provenance", "DataSource", "Source", "Dataset"}) {
            if (simple.endsWith(suffix) && simple.length() > suffix.length()) {
                simple = simple.substring(0, simple.length() - suffix.length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < simple.length(); i++) {
            char c = simple.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && (Character.isLowerCase(simple.charAt(i - 1))
                    || (i + 1 < simple.length() && Character.isLowerCase(simple.charAt(i + 1))))) {
                b.append('_');
            }
            b.append(Character.toLowerCase(c));
        }
        return b.toString();
    }

    /** Only characters MLflow accepts in metric keys (and no spaces or slashes, which read badly in a prefix). */
    static String clean(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length() && b.length() < MAX_LENGTH; i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
            if (ok) b.append(c);
            else if (b.length() > 0 && b.charAt(b.length() - 1) != '_') b.append('_');
        }
        while (b.length() > 0 && (b.charAt(b.length() - 1) == '_' || b.charAt(b.length() - 1) == '.')) {
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }
}
