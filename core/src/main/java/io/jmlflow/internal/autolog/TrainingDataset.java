package io.jmlflow.internal.autolog;

import io.jmlflow.ActiveRun;
import io.jmlflow.entities.Dataset;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.SystemTags;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * A dataset input as MLflow records it (name, digest, source, schema as mlflow_colspec JSON, profile JSON), in
 * the shape MLflow's pandas dataset writes so that the MLflow UI shows it: schema
 * {@code {"mlflow_colspec": [{"type": "double", "name": "x0", "required": true}, ...]}}, profile
 * {@code {"num_rows": N, "num_elements": N * columns}}, source type {@code code} with source
 * {@code {"tags": {"mlflow.user": ..., "mlflow.source.name": ..., ...}}}.
 *
 * <p>Digest rule: 8 hex characters, the CRC-32 of (1) the CRC-32 of the values of the first {@link #DIGEST_ROWS}
 * rows added, in order (a double as its 8 IEEE-754 bytes; another value as a type marker and its text), (2) the shape
 * (number of rows, number of columns) and (3) the column names and types. Like MLflow's (8 hex characters of an MD5),
 * it is stable for the same content and differs, but for one chance in 2^32, when content within those rows, the
 * shape or the columns differ; rows after the first {@link #DIGEST_ROWS} only count through the shape, which keeps it
 * cheap on large data. CRC-32 rather than MD5: the JDK computes it natively, where MD5 ran interpreted in each
 * process's one pass over the rows (about 5 ms of CPU for 2,000 rows of 5 values), and no JVM lacks it (MD5 can be
 * disabled in FIPS mode).
 */
public final class TrainingDataset {
    /** The digest covers the first DIGEST_ROWS rows added plus the shape (rows, columns) and the column names. */
    public static final int DIGEST_ROWS = 10_000;
    /** The types MLflow's column specs know. */
    private static final Set<String> MLFLOW_TYPES = Set.of("double", "float", "long", "integer", "string", "boolean",
            "binary", "datetime");
    /** MLflow's limits (utils/validation.py): longer values are refused by every store. */
    static final int MAX_NAME_CHARS = 500;
    /** MLflow's default dataset name. */
    private static final String DEFAULT_NAME = "dataset";
    static final int MAX_SCHEMA_CHARS = 1_048_575;
    static final int MAX_SOURCE_CHARS = 65_535;
    private static final Map<String, String> TYPE_ALIASES = Map.ofEntries(Map.entry("int", "integer"),
            Map.entry("int32", "integer"), Map.entry("int16", "integer"), Map.entry("int8", "integer"),
            Map.entry("short", "integer"), Map.entry("byte", "integer"), Map.entry("int64", "long"),
            Map.entry("float64", "double"), Map.entry("float32", "float"), Map.entry("bool", "boolean"),
            Map.entry("str", "string"), Map.entry("bytes", "binary"), Map.entry("char", "string"));

    private final String name;
    private final String digest;
    private final String sourceType;
    private final String source;
    private final String schema;
    private final long rows;
    private final int columns;

    private TrainingDataset(String name, String digest, String sourceType, String source, String schema, long rows,
                            int columns) {
        this.name = name;
        this.digest = digest;
        this.sourceType = sourceType;
        this.source = source;
        this.schema = schema;
        this.rows = rows;
        this.columns = columns;
    }

    /** Starts a dataset named {@code name} ({@code "dataset"}, MLflow's default, when null or blank). */
    public static Builder builder(String name) {
        return new Builder(name == null || name.isBlank() ? DEFAULT_NAME : name);
    }

    /** A name as MLflow takes it: its default when null or blank, cut to {@link #MAX_NAME_CHARS} characters. */
    private static String mlflowName(String name) {
        String n = name == null || name.isBlank() ? DEFAULT_NAME : name;
        return n.length() > MAX_NAME_CHARS ? n.substring(0, MAX_NAME_CHARS) : n;
    }

    /**
     * Collects the schema, shape and digest input of a dataset. Feeding it never throws: values it cannot use
     * are digested by their text. Not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private String sourceType = "code";
        private String source;
        private final List<String> columnNames = new ArrayList<>();
        private final List<String> columnTypes = new ArrayList<>();
        private long declaredRows = -1;
        private long addedRows;
        private int rowWidth = -1;
        private String[] inferredTypes;
        private final CRC32 rowsCrc = new CRC32();
        /**
         * What the digest is fed, little-endian, written by hand: a {@code ByteBuffer}'s put calls cost several times more
         * in a JVM that has not compiled them yet (a dataset adds up to {@value #DIGEST_ROWS} rows once per process).
         */
        private byte[] buffer = new byte[8192];
        private int position;

        private Builder(String name) {
            this.name = name;
        }

        /** The source type (default {@code "code"}). */
        public Builder sourceType(String type) {
            if (type != null && !type.isBlank()) this.sourceType = type;
            return this;
        }

        /** The source as JSON (default: {@code {"tags": {...}}} with this process's source tags, as MLflow's code source). */
        public Builder source(String json) {
            this.source = json;
            return this;
        }

        /**
         * Adds a column; {@code mlflowType} is one of MLflow's column types ("double", "float", "long", "integer",
         * "string", "boolean", "binary", "datetime"; numpy-style names such as "int32", "float64", "bool" are mapped;
         * anything else is recorded as "string").
         */
        public Builder column(String name, String mlflowType) {
            String type = mlflowType == null ? "string" : mlflowType.trim().toLowerCase(java.util.Locale.ROOT);
            type = TYPE_ALIASES.getOrDefault(type, type);
            columnNames.add(name == null ? "x" + columnNames.size() : name);
            columnTypes.add(MLFLOW_TYPES.contains(type) ? type : "string");
            return this;
        }

        /** The total number of rows (profile num_rows); by default the number of rows added. */
        public Builder rows(long rows) {
            this.declaredRows = Math.max(0, rows);
            return this;
        }

        /** Adds a row: counted, and fed into the digest while fewer than {@link #DIGEST_ROWS} rows were added. */
        public Builder addRow(double[] values) {
            if (values == null) return this;
            noteRow(values.length, null);
            if (addedRows++ >= DIGEST_ROWS) return this;
            ensureCapacity(4 + values.length * 8);
            putInt(values.length);
            for (double v : values) putLong(Double.doubleToRawLongBits(v));
            return this;
        }

        /** Same as {@link #addRow(double[])} for any values: numbers as doubles, others by their text. */
        public Builder addRow(Object[] values) {
            if (values == null) return this;
            noteRow(values.length, values);
            if (addedRows++ >= DIGEST_ROWS) return this;
            ensureCapacity(4);
            putInt(values.length);
            for (Object v : values) {
                if (v instanceof Number n && !(v instanceof java.math.BigDecimal || v instanceof java.math.BigInteger)) {
                    ensureCapacity(9);
                    buffer[position++] = 'd';
                    putLong(Double.doubleToRawLongBits(n.doubleValue()));
                } else if (v == null) {
                    ensureCapacity(1);
                    buffer[position++] = 'n';
                } else {
                    byte[] text = v instanceof byte[] b ? b : safeText(v).getBytes(StandardCharsets.UTF_8);
                    ensureCapacity(5 + text.length);
                    buffer[position++] = (byte) (v instanceof byte[] ? 'b' : 's');
                    putInt(text.length);
                    System.arraycopy(text, 0, buffer, position, text.length);
                    position += text.length;
                }
            }
            return this;
        }

        private void noteRow(int width, Object[] values) {
            if (rowWidth < 0) {
                rowWidth = width;
                inferredTypes = new String[width];
                for (int i = 0; i < width; i++) inferredTypes[i] = values == null ? "double" : typeOf(values[i]);
            }
        }

        private void putInt(int v) {
            byte[] b = buffer;
            int p = position;
            b[p] = (byte) v;
            b[p + 1] = (byte) (v >>> 8);
            b[p + 2] = (byte) (v >>> 16);
            b[p + 3] = (byte) (v >>> 24);
            position = p + 4;
        }

        private void putLong(long v) {
            putInt((int) v);
            putInt((int) (v >>> 32));
        }

        private void ensureCapacity(int bytes) {
            if (buffer.length - position < bytes) {
                flush();
                if (buffer.length < bytes) buffer = new byte[Math.max(bytes, buffer.length * 2)];
            }
        }

        private void flush() {
            rowsCrc.update(buffer, 0, position);
            position = 0;
        }

        /** The dataset; the builder may be fed further and built again. */
        public TrainingDataset build() {
            flush();
            List<String> names = new ArrayList<>(columnNames);
            List<String> types = new ArrayList<>(columnTypes);
            if (names.isEmpty() && rowWidth > 0) {
                for (int i = 0; i < rowWidth; i++) {
                    names.add("x" + i);
                    types.add(inferredTypes[i]);
                }
            }
            long rows = declaredRows >= 0 ? declaredRows : addedRows;
            int cols = names.isEmpty() ? Math.max(rowWidth, 0) : names.size();
            String digest = digest(rows, cols, names, types);
            String schema = names.isEmpty() ? null : schemaJson(names, types);
            if (schema != null && schema.length() > MAX_SCHEMA_CHARS) {
                Log.warnOnce("kit-dataset-schema", "dataset '" + name + "': the schema of " + cols + " columns is longer "
                        + "than MLflow accepts (" + MAX_SCHEMA_CHARS + " characters); it is logged without a schema");
                schema = null;
            }
            String src = source != null && source.length() <= MAX_SOURCE_CHARS ? source : defaultSource();
            return new TrainingDataset(mlflowName(name), digest, sourceType, src, schema, rows, cols);
        }

        private String digest(long rows, int cols, List<String> names, List<String> types) {
            CRC32 d = new CRC32();
            ByteBuffer head = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt((int) rowsCrc.getValue()).putLong(rows).putLong(cols);
            d.update(head.array()); // once per dataset: the buffer's cost does not matter here
            for (int i = 0; i < names.size(); i++) {
                d.update((names.get(i) + ":" + types.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().toHexDigits((int) d.getValue());
        }
    }

    private static String safeText(Object v) {
        try {
            return String.valueOf(v);
        } catch (RuntimeException e) {
            return v.getClass().getName();
        }
    }

    private static String typeOf(Object v) {
        if (v instanceof Double || v instanceof java.math.BigDecimal) return "double";
        if (v instanceof Float) return "float";
        if (v instanceof Long || v instanceof java.math.BigInteger) return "long";
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return "integer";
        if (v instanceof Boolean) return "boolean";
        if (v instanceof byte[]) return "binary";
        return "string";
    }

    private static String schemaJson(List<String> names, List<String> types) {
        StringBuilder sb = new StringBuilder("{\"mlflow_colspec\": [");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append("{\"type\": ").append(Json.quote(types.get(i))).append(", \"name\": ").append(Json.quote(names.get(i)))
                    .append(", \"required\": true}");
        }
        return sb.append("]}").toString();
    }

    /** MLflow's code source: the context tags of this process (user, source name and type, git commit). */
    private static String defaultSource() {
        Map<String, String> tags;
        try {
            tags = SystemTags.forNewRun();
        } catch (RuntimeException e) {
            tags = Map.of();
        }
        StringBuilder sb = new StringBuilder("{\"tags\": {");
        boolean first = true;
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (!first) sb.append(", ");
            first = false;
            sb.append(Json.quote(t.getKey())).append(": ").append(Json.quote(t.getValue()));
        }
        return sb.append("}}").toString();
    }

    public String name() { return name; }

    /** The same dataset under another name (same digest, schema, source and profile); no data is read again. */
    public TrainingDataset named(String otherName) {
        return new TrainingDataset(mlflowName(otherName), digest, sourceType, source, schema, rows, columns);
    }

    /** 8 hex characters (see the class comment for what they cover). */
    public String digest() { return digest; }

    /** The number of rows (profile num_rows). */
    public long rows() { return rows; }

    /** The number of columns. */
    public int columns() { return columns; }

    /** The profile JSON: {@code {"num_rows": N, "num_elements": N * columns}}. */
    public String profile() {
        long elements;
        try {
            elements = Math.multiplyExact(rows, (long) columns);
        } catch (ArithmeticException e) {
            elements = Long.MAX_VALUE;
        }
        return "{\"num_rows\": " + rows + ", \"num_elements\": " + elements + "}";
    }

    /** The schema JSON ({@code mlflow_colspec}), or null when no column is known. */
    public String schema() { return schema; }

    public Dataset toEntity() {
        return new Dataset(name, digest, sourceType, source, schema, profile());
    }

    /**
     * Logs it as a run input with input tag {@code mlflow.data.context=<context>} ("train" / "eval"). Never throws;
     * does nothing when {@code AutologState.options().logDatasets()} is false or {@code run} is null.
     */
    public void logTo(ActiveRun run, String context) {
        try {
            if (run == null || !AutologState.options().logDatasets()) return;
            run.logInput(toEntity(), context);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme) throw vme;
            Log.warnOnce("kit-dataset-log", "could not log dataset '" + name + "': " + t);
        }
    }

    @Override
    public String toString() {
        return "TrainingDataset[" + name + ", " + digest + ", " + rows + "x" + columns + "]";
    }

    /** Minimal JSON text quoting (Python json.dumps style, non-ASCII kept as is). */
    static final class Json {
        private Json() {
        }

        static String quote(String s) {
            if (s == null) return "null";
            StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                        else sb.append(c);
                    }
                }
            }
            return sb.append('"').toString();
        }
    }
}
