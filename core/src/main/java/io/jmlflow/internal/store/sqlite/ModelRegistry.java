package io.jmlflow.internal.store.sqlite;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.ModelVersion;
import io.jmlflow.entities.Tag;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model registry tables ({@code registered_models}, {@code model_versions},
 * {@code registered_model_aliases}) as MLflow's SQL registry writes them. The {@code workspace} columns are
 * left to their default ({@code 'default'}), which is what MLflow writes outside workspace mode.
 */
final class ModelRegistry {
    /** MLflow's internal stage of a deleted version; such versions are invisible. */
    private static final String DELETED_STAGE = "Deleted_Internal";
    private static final String MODEL_VERSIONS_TAG = "mlflow.modelVersions";
    private static final Pattern LOGGED_MODEL_URI = Pattern.compile("^models:/(m-[0-9a-fA-F]{32})/?$");
    private static final String COLUMNS = "name, version, source, run_id, status, creation_time";

    private ModelRegistry() {
    }

    static void createRegisteredModel(Connection c, String name) throws SQLException {
        long now = System.currentTimeMillis();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO registered_models (name, creation_time, "
                + "last_updated_time) SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM registered_models WHERE name = ?)")) {
            ps.setString(1, name);
            ps.setLong(2, now);
            ps.setLong(3, now);
            ps.setString(4, name);
            ps.executeUpdate();
        }
    }

    /**
     * A new version numbered after the highest one. A {@code models:/<model_id>} source is resolved to the logged
     * model's artifact location (the version's {@code storage_location}) and source run, and the logged model
     * gets the {@code mlflow.modelVersions} tag that MLflow's {@code register_model} sets.
     */
    static ModelVersion createVersion(Connection c, String name, String source, String runId, String modelId)
            throws SQLException {
        requireRegisteredModel(c, name);
        String linkedModelId = modelIdOf(source, modelId);
        String storage = source;
        String run = runId;
        LoggedModel model = null;
        if (linkedModelId != null) {
            model = LoggedModels.get(c, linkedModelId, true);
            if (LOGGED_MODEL_URI.matcher(source == null ? "" : source).matches()) storage = model.artifactLocation();
            if (run == null) run = model.sourceRunId();
        }
        long now = System.currentTimeMillis();
        int version;
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                version = rs.getInt(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_versions (name, version, creation_time, "
                + "last_updated_time, current_stage, source, run_id, status, storage_location) "
                + "VALUES (?, ?, ?, ?, 'None', ?, ?, 'READY', ?)")) {
            ps.setString(1, name);
            ps.setInt(2, version);
            ps.setLong(3, now);
            ps.setLong(4, now);
            ps.setString(5, source);
            ps.setString(6, run);
            ps.setString(7, storage);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE registered_models SET last_updated_time = ? WHERE name = ?")) {
            ps.setLong(1, now);
            ps.setString(2, name);
            ps.executeUpdate();
        }
        if (model != null) linkVersionToModel(c, model, name, version);
        return getVersion(c, name, Integer.toString(version));
    }

    private static void linkVersionToModel(Connection c, LoggedModel model, String name, int version) throws SQLException {
        String entry = "{\"name\": " + jsonString(name) + ", \"version\": " + version + "}";
        String old = model.tags().get(MODEL_VERSIONS_TAG);
        String value;
        if (old == null || old.isBlank() || !old.trim().startsWith("[")) {
            value = "[" + entry + "]";
        } else if (old.contains(entry)) {
            return;
        } else {
            String body = old.trim().substring(1, old.trim().length() - 1).trim();
            value = body.isEmpty() ? "[" + entry + "]" : "[" + body + ", " + entry + "]";
        }
        LoggedModels.setTags(c, model.modelId(), List.of(new Tag(MODEL_VERSIONS_TAG, value)));
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') b.append('\\').append(ch);
            else if (ch < 0x20 || ch > 0x7e) b.append(String.format("\\u%04x", (int) ch));
            else b.append(ch);
        }
        return b.append('"').toString();
    }

    static ModelVersion getVersion(Connection c, String name, String version) throws SQLException {
        int v;
        try {
            v = Integer.parseInt(version.trim());
        } catch (RuntimeException e) {
            throw MlflowException.invalid("Model version must be an integer, got '" + version + "'");
        }
        List<ModelVersion> found = select(c, "WHERE name = ? AND version = ?", name, v);
        if (found.isEmpty()) {
            throw new MlflowException(MlflowException.RESOURCE_DOES_NOT_EXIST,
                    "Model Version (name=" + name + ", version=" + version + ") not found");
        }
        return found.get(0);
    }

    static List<ModelVersion> versions(Connection c, String name) throws SQLException {
        return select(c, "WHERE name = ? ORDER BY last_updated_time DESC, version DESC", name);
    }

    private static List<ModelVersion> select(Connection c, String where, Object... args) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM model_versions " + where;
        int order = sql.indexOf(" ORDER BY ");
        String filter = " AND (current_stage IS NULL OR current_stage != '" + DELETED_STAGE + "')";
        sql = order < 0 ? sql + filter : sql.substring(0, order) + filter + sql.substring(order);
        List<ModelVersion> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String source = rs.getString(3);
                    out.add(new ModelVersion(rs.getString(1), Integer.toString(rs.getInt(2)), source, rs.getString(4),
                            modelIdOf(source, null), rs.getString(5), rs.getLong(6)));
                }
            }
        }
        return out;
    }

    static void setAlias(Connection c, String name, String alias, String version) throws SQLException {
        ModelVersion mv = getVersion(c, name, version);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO registered_model_aliases (alias, version, name) "
                + "VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET version = excluded.version")) {
            ps.setString(1, alias);
            ps.setInt(2, Integer.parseInt(mv.version()));
            ps.setString(3, name);
            ps.executeUpdate();
        }
    }

    static ModelVersion byAlias(Connection c, String name, String alias) throws SQLException {
        requireRegisteredModel(c, name);
        if (alias.equalsIgnoreCase("latest")) {
            List<ModelVersion> all = select(c, "WHERE name = ? ORDER BY version DESC", name);
            if (all.isEmpty()) {
                throw new MlflowException(MlflowException.RESOURCE_DOES_NOT_EXIST, "Latest version not found for model " + name + ".");
            }
            return all.get(0);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM registered_model_aliases WHERE name = ? AND alias = ?")) {
            ps.setString(1, name);
            ps.setString(2, alias);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw MlflowException.invalid("Registered model alias " + alias + " not found.");
                return getVersion(c, name, Integer.toString(rs.getInt(1)));
            }
        }
    }

    private static void requireRegisteredModel(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM registered_models WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new MlflowException(MlflowException.RESOURCE_DOES_NOT_EXIST,
                            "Registered Model with name=" + name + " not found");
                }
            }
        }
    }

    /** The logged model a version comes from: the explicit id, else the id in a {@code models:/m-...} source. */
    static String modelIdOf(String source, String modelId) {
        if (modelId != null && !modelId.isBlank()) return modelId;
        if (source == null) return null;
        Matcher m = LOGGED_MODEL_URI.matcher(source);
        return m.matches() ? m.group(1) : null;
    }
}
