package io.jmlflow.internal.store;

import io.jmlflow.entities.ModelVersion;

import java.util.List;

/** The model registry: registered models, their versions and aliases. */
public interface RegistryStore {

    /** Creates the registered model if missing (no error when it exists). */
    void createRegisteredModel(String name);

    /** A new version of {@code name} whose files are at {@code source}, made from {@code runId}/{@code modelId}. */
    ModelVersion createModelVersion(String name, String source, String runId, String modelId);

    ModelVersion getModelVersion(String name, String version);

    void setAlias(String name, String alias, String version);

    ModelVersion getModelVersionByAlias(String name, String alias);

    List<ModelVersion> searchModelVersions(String name);
}
