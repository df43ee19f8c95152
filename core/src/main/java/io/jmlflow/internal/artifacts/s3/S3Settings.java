package io.jmlflow.internal.artifacts.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmlflow.MlflowConfig;
import io.jmlflow.MlflowException;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How S3 is reached, from MLflow's variables (the AWS SDK reads credentials and the region itself: environment,
 * {@code ~/.aws} profiles, {@code AWS_PROFILE}, container and instance roles):
 * {@code MLFLOW_S3_ENDPOINT_URL} (an S3-compatible store: MinIO, Ceph, ...), {@code MLFLOW_S3_IGNORE_TLS},
 * {@code MLFLOW_BOTO_CLIENT_ADDRESSING_STYLE} ({@code auto}, {@code path}, {@code virtual}; as boto3, {@code auto} is
 * path style with an endpoint URL and virtual-hosted without), {@code MLFLOW_S3_EXPECTED_BUCKET_OWNER},
 * {@code MLFLOW_S3_UPLOAD_EXTRA_ARGS} (JSON of boto3's upload arguments, e.g. {@code {"ServerSideEncryption":
 * "aws:kms", "SSEKMSKeyId": "..."}}) and {@code MLFLOW_EXPERIMENTAL_S3_SIGNATURE_VERSION=unsigned} (public buckets).
 */
public record S3Settings(String endpointUrl, boolean ignoreTls, boolean pathStyle, String expectedBucketOwner,
                         boolean unsigned, Map<String, String> uploadExtraArgs) {

    public static S3Settings fromConfig() {
        String endpoint = MlflowConfig.get("s3.endpoint.url");
        String style = MlflowConfig.get("boto.client.addressing.style", "auto").trim().toLowerCase(Locale.ROOT);
        boolean path = style.equals("path") || (!style.equals("virtual") && endpoint != null);
        String signature = MlflowConfig.get("experimental.s3.signature.version", "s3v4");
        return new S3Settings(endpoint, MlflowConfig.getBoolean("s3.ignore.tls", false), path,
                MlflowConfig.get("s3.expected.bucket.owner"), signature.equalsIgnoreCase("unsigned"),
                extraArgs(MlflowConfig.get("s3.upload.extra.args")));
    }

    /** {@code MLFLOW_S3_UPLOAD_EXTRA_ARGS}: a JSON object; {@code Metadata} stays a JSON object in its value. */
    static Map<String, String> extraArgs(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json == null || json.isBlank()) return out;
        try {
            JsonNode node = new ObjectMapper().readTree(json);
            if (node == null || !node.isObject()) throw new IOException("not a JSON object");
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                JsonNode v = f.getValue();
                out.put(f.getKey(), v.isValueNode() ? v.asText() : v.toString());
            }
            return out;
        } catch (IOException e) {
            throw MlflowException.invalid("MLFLOW_S3_UPLOAD_EXTRA_ARGS is not a JSON object: " + e.getMessage());
        }
    }
}
