package io.jmlflow.internal.artifacts.upload;

import io.jmlflow.MlflowConfig;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * How large files are uploaded in parts, from MLflow's variables where it has them:
 * {@code MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE} (part size, 10 MiB), {@code MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE}
 * (files from this size go through the tracking server's multipart API, 500 MiB) and
 * {@code MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD} (that API at all). Python's client leaves the last one off by default;
 * here it is on, because a server that cannot do it says so and the file then goes in one request as in Python.
 * Ours: {@code MLFLOW_MULTIPART_UPLOAD_PARALLELISM} (parts in flight, 4) and {@code MLFLOW_MULTIPART_UPLOAD_STATE_DIR}
 * (where an upload's progress is kept so that a later attempt resumes it, {@code ~/.mlflow-java/uploads}).
 *
 * @param partSize             bytes per part (S3's 5 MiB minimum at least)
 * @param proxyMinimumFileSize files from this size use the tracking server's multipart API
 * @param proxyEnabled         whether the tracking server's multipart API is used
 * @param parallelism          parts sent at once
 * @param stateDir             where upload progress is kept
 */
public record MultipartSettings(long partSize, long proxyMinimumFileSize, boolean proxyEnabled, int parallelism,
                                Path stateDir) {
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    public static final long DEFAULT_PART_SIZE = 10L * 1024 * 1024;
    public static final long DEFAULT_PROXY_MINIMUM = 500L * 1024 * 1024;
    public static final int DEFAULT_PARALLELISM = 4;

    public MultipartSettings {
        partSize = Math.max(MIN_PART_SIZE, partSize);
        proxyMinimumFileSize = Math.max(1, proxyMinimumFileSize);
        parallelism = Math.max(1, Math.min(64, parallelism));
    }

    public static MultipartSettings fromConfig() {
        String dir = MlflowConfig.get("multipart.upload.state.dir");
        return new MultipartSettings(
                MlflowConfig.getLong("multipart.upload.chunk.size", DEFAULT_PART_SIZE),
                MlflowConfig.getLong("multipart.upload.minimum.file.size", DEFAULT_PROXY_MINIMUM),
                MlflowConfig.getBoolean("enable.proxy.multipart.upload", true),
                (int) MlflowConfig.getLong("multipart.upload.parallelism", DEFAULT_PARALLELISM),
                dir != null ? Paths.get(dir) : Paths.get(System.getProperty("user.home"), ".mlflow-java", "uploads"));
    }
}
