package io.jmlflow.internal.autolog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmlflow.entities.Dataset;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Digest, schema, profile and source of a dataset, in MLflow's shape. */
class TrainingDatasetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static TrainingDataset numbers(int rows, int cols, Consumer<double[]> change) {
        TrainingDataset.Builder b = TrainingDataset.builder("iris");
        for (int c = 0; c < cols; c++) b.column("x" + c, "double");
        for (int r = 0; r < rows; r++) {
            double[] row = new double[cols];
            for (int c = 0; c < cols; c++) row[c] = r * 0.5 + c;
            if (r == rows / 2 && change != null) change.accept(row);
            b.addRow(row);
        }
        return b.build();
    }

    @Test
    void digestIsStableForTheSameContentAndDiffersOtherwise() {
        TrainingDataset a = numbers(150, 4, null);
        TrainingDataset same = numbers(150, 4, null);
        assertEquals(a.digest(), same.digest());
        assertTrue(a.digest().matches("[0-9a-f]{8}"), a.digest());
        assertNotEquals(a.digest(), numbers(150, 4, row -> row[2] += 1e-9).digest(), "one value");
        assertNotEquals(a.digest(), numbers(151, 4, null).digest(), "one more row");
        assertNotEquals(a.digest(), numbers(150, 3, null).digest(), "one column less");
        TrainingDataset renamed = TrainingDataset.builder("iris").column("a", "double").column("x1", "double")
                .column("x2", "double").column("x3", "double").build();
        assertNotEquals(TrainingDataset.builder("iris").column("x0", "double").column("x1", "double")
                .column("x2", "double").column("x3", "double").build().digest(), renamed.digest(), "column name");
        // Object rows: values by type and text
        String objects = TrainingDataset.builder("t").addRow(new Object[]{1, "a", true}).build().digest();
        assertEquals(objects, TrainingDataset.builder("t").addRow(new Object[]{1, "a", true}).build().digest());
        assertNotEquals(objects, TrainingDataset.builder("t").addRow(new Object[]{1, "b", true}).build().digest());
        assertNotEquals(objects, TrainingDataset.builder("t").addRow(new Object[]{1, "a", null}).build().digest());
    }

    @Test
    void onlyTheFirstDigestRowsAndTheShapeCount() {
        int rows = TrainingDataset.DIGEST_ROWS + 5;
        TrainingDataset a = numbers(rows, 2, null);
        // a change past DIGEST_ROWS is not seen (that keeps digesting cheap), the row count is
        TrainingDataset.Builder late = TrainingDataset.builder("iris").column("x0", "double").column("x1", "double");
        for (int r = 0; r < rows; r++) late.addRow(r == rows - 1 ? new double[]{-1, -1} : new double[]{r * 0.5, r * 0.5 + 1});
        assertEquals(a.digest(), late.build().digest());
        assertEquals(rows, a.rows());
        // declared rows (a streamed or sampled dataset) are part of the shape
        TrainingDataset declared = TrainingDataset.builder("iris").column("x0", "double").rows(1_000_000)
                .addRow(new double[]{1}).build();
        assertEquals(1_000_000, declared.rows());
        assertNotEquals(declared.digest(), TrainingDataset.builder("iris").column("x0", "double").rows(999_999)
                .addRow(new double[]{1}).build().digest());
    }

    @Test
    void entityHasMlflowsSchemaProfileAndCodeSource() throws Exception {
        TrainingDataset d = TrainingDataset.builder("wine \"red\"").column("alcohol", "double").column("label", "long")
                .column("kind", "STRING").column("odd", "tensor").addRow(new Object[]{12.5, 3L, "red", 1})
                .addRow(new Object[]{11.0, 2L, "red", 2}).build();
        Dataset e = d.toEntity();
        assertEquals("wine \"red\"", e.name());
        assertEquals(d.digest(), e.digest());
        assertEquals("code", e.sourceType());
        JsonNode schema = JSON.readTree(e.schema());
        assertEquals("[{\"type\":\"double\",\"name\":\"alcohol\",\"required\":true},"
                + "{\"type\":\"long\",\"name\":\"label\",\"required\":true},"
                + "{\"type\":\"string\",\"name\":\"kind\",\"required\":true},"
                + "{\"type\":\"string\",\"name\":\"odd\",\"required\":true}]", schema.get("mlflow_colspec").toString());
        assertEquals("{\"num_rows\": 2, \"num_elements\": 8}", e.profile());
        JsonNode source = JSON.readTree(e.source());
        assertTrue(source.get("tags").has("mlflow.source.name"), e.source());
        assertEquals("LOCAL", source.get("tags").get("mlflow.source.type").asText());
    }

    @Test
    void valuesMlflowWouldRefuseAreShortenedOrLeftOut() {
        TrainingDataset.Builder wide = TrainingDataset.builder("n".repeat(600)).source("{\"x\": \"" + "y".repeat(70_000) + "\"}");
        for (int c = 0; c < 30_000; c++) wide.column("a_rather_long_feature_name_" + c, "double");
        TrainingDataset d = wide.rows(3).build();
        assertNull(d.schema(), "a 30,000 column schema is over MLflow's 1 MB limit");
        assertEquals("{\"num_rows\": 3, \"num_elements\": 90000}", d.profile());
        assertEquals(TrainingDataset.MAX_NAME_CHARS, d.name().length());
        assertTrue(d.toEntity().source().startsWith("{\"tags\": {"), "the default source replaces a too long one");
    }

    @Test
    void columnsAreInferredFromRowsWhenNotDeclared() throws Exception {
        TrainingDataset d = TrainingDataset.builder(null).addRow(new Object[]{1.5, 2, 3L, "x", false, 1f}).build();
        assertEquals("dataset", d.name());
        assertEquals("[\"double\",\"integer\",\"long\",\"string\",\"boolean\",\"float\"]",
                JSON.valueToTree(JSON.readTree(d.schema()).get("mlflow_colspec").findValuesAsText("type")).toString());
        assertEquals("x5", JSON.readTree(d.schema()).get("mlflow_colspec").get(5).get("name").asText());
        TrainingDataset aliases = TrainingDataset.builder("a").column("a", "int32").column("b", "Float64")
                .column("c", "bool").build();
        assertEquals("[\"integer\",\"double\",\"boolean\"]",
                JSON.valueToTree(JSON.readTree(aliases.schema()).get("mlflow_colspec").findValuesAsText("type")).toString());
        TrainingDataset numeric = TrainingDataset.builder("n").addRow(new double[]{1, 2, 3}).build();
        assertEquals(3, numeric.columns());
        assertEquals("{\"num_rows\": 1, \"num_elements\": 3}", numeric.profile());
        TrainingDataset empty = TrainingDataset.builder("e").source("{\"tags\": {}}").sourceType("code").build();
        assertNull(empty.schema());
        assertEquals("{\"tags\": {}}", empty.toEntity().source());
        assertEquals(0, empty.rows());
    }

    /**
     * The digest's input, as the class comment states it, built here with a little-endian ByteBuffer: the builder's
     * hand-written encoding must give the same digests (for numbers, texts, bytes, nulls, and rows over its buffer).
     */
    @Test
    void digestIsTheCrc32OfTheDocumentedLittleEndianEncoding() throws Exception {
        java.io.ByteArrayOutputStream rows = new java.io.ByteArrayOutputStream();
        TrainingDataset.Builder b = TrainingDataset.builder("d");
        double[] wide = new double[1_500]; // 12 KB: more than the builder's first buffer
        for (int i = 0; i < wide.length; i++) wide[i] = i * -0.25;
        for (int r = 0; r < 40; r++) {
            double[] row = r == 7 ? wide : new double[]{r, Double.NaN, -0.0, 1e300 * r};
            b.addRow(row);
            java.nio.ByteBuffer e = le(4 + 8 * row.length).putInt(row.length);
            for (double v : row) e.putDouble(v);
            rows.write(e.array());
        }
        Object[] mixed = {3, "é text", null, new byte[]{1, 2, (byte) 0xff}, 2.5f, true};
        b.addRow(mixed);
        rows.write(le(4).putInt(mixed.length).array());
        rows.write(le(9).put((byte) 'd').putDouble(3).array());
        byte[] text = "é text".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        rows.write(le(5 + text.length).put((byte) 's').putInt(text.length).put(text).array());
        rows.write('n');
        rows.write(le(8).put((byte) 'b').putInt(3).put(new byte[]{1, 2, (byte) 0xff}).array());
        rows.write(le(9).put((byte) 'd').putDouble(2.5).array());
        byte[] bool = "true".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        rows.write(le(5 + bool.length).put((byte) 's').putInt(bool.length).put(bool).array());

        java.util.zip.CRC32 rowsCrc = new java.util.zip.CRC32();
        rowsCrc.update(rows.toByteArray());
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(le(20).putInt((int) rowsCrc.getValue()).putLong(41).putLong(4).array());
        for (String column : new String[]{"x0:double", "x1:double", "x2:double", "x3:double"}) {
            crc.update((column + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String expected = String.format("%08x", crc.getValue());
        assertEquals(expected, b.build().digest());
    }

    private static java.nio.ByteBuffer le(int bytes) {
        return java.nio.ByteBuffer.allocate(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void aDatasetUnderAnotherNameKeepsItsDigestSchemaAndProfile() {
        TrainingDataset a = numbers(20, 3, null);
        TrainingDataset b = a.named("train");
        assertEquals("train", b.name());
        assertEquals("iris", a.name());
        assertEquals(a.digest(), b.digest());
        assertEquals(a.schema(), b.schema());
        assertEquals(a.profile(), b.profile());
        assertEquals(a.toEntity().source(), b.toEntity().source());
        assertEquals("dataset", a.named(" ").name());
        assertEquals(TrainingDataset.MAX_NAME_CHARS, a.named("n".repeat(600)).name().length());
    }
}
