package io.jmlflow.internal.artifacts.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmlflow.MlflowException;
import io.jmlflow.internal.Log;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code MLFLOW_S3_UPLOAD_EXTRA_ARGS}, boto3's upload arguments by boto3's names (its {@code ALLOWED_UPLOAD_ARGS}),
 * set on the SDK's request builders ({@code PutObject}, {@code CreateMultipartUpload}; the SSE-C key also on each
 * part). An argument these requests do not have is left out with one warning.
 */
final class S3UploadArgs {
    /** boto3's name -> the SDK builder's method. */
    private static final Map<String, String> METHODS = new HashMap<>();
    private static final Set<String> PART_ARGS = Set.of("SSECustomerAlgorithm", "SSECustomerKey", "SSECustomerKeyMD5",
            "RequestPayer", "ExpectedBucketOwner");

    static {
        for (String name : new String[]{"CacheControl", "ChecksumAlgorithm", "ContentDisposition", "ContentEncoding",
                "ContentLanguage", "ContentType", "ExpectedBucketOwner", "Expires", "GrantFullControl", "GrantRead",
                "GrantReadACP", "GrantWriteACP", "Metadata", "ObjectLockLegalHoldStatus", "ObjectLockMode",
                "ObjectLockRetainUntilDate", "RequestPayer", "ServerSideEncryption", "StorageClass", "Tagging",
                "WebsiteRedirectLocation", "BucketKeyEnabled"}) {
            METHODS.put(name, Character.toLowerCase(name.charAt(0)) + name.substring(1));
        }
        METHODS.put("ACL", "acl");
        METHODS.put("SSECustomerAlgorithm", "sseCustomerAlgorithm");
        METHODS.put("SSECustomerKey", "sseCustomerKey");
        METHODS.put("SSECustomerKeyMD5", "sseCustomerKeyMD5");
        METHODS.put("SSEKMSKeyId", "ssekmsKeyId");
        METHODS.put("SSEKMSEncryptionContext", "ssekmsEncryptionContext");
    }

    private S3UploadArgs() {
    }

    /** Sets {@code args} on {@code builder}, a request builder of type {@code type}. */
    static <B> void apply(B builder, Class<B> type, Map<String, String> args) {
        for (Map.Entry<String, String> a : args.entrySet()) set(builder, type, a.getKey(), a.getValue());
    }

    /** The arguments each part of a multipart upload must repeat (the SSE-C key, the payer, the owner). */
    static void applyToParts(UploadPartRequest.Builder part, Map<String, String> args) {
        for (Map.Entry<String, String> a : args.entrySet()) {
            if (PART_ARGS.contains(a.getKey())) set(part, UploadPartRequest.Builder.class, a.getKey(), a.getValue());
        }
    }

    private static <B> void set(B builder, Class<B> type, String name, String value) {
        String method = METHODS.get(name);
        if (method == null) {
            Log.warnOnce("s3-extra-arg:" + name, "MLFLOW_S3_UPLOAD_EXTRA_ARGS: '" + name + "' is not an S3 upload "
                    + "argument; it was left out");
            return;
        }
        try {
            for (Method m : type.getMethods()) {
                if (!m.getName().equals(method) || m.getParameterCount() != 1) continue;
                Class<?> p = m.getParameterTypes()[0];
                Object arg = p == String.class ? value : p == Boolean.class ? Boolean.valueOf(value)
                        : p == Instant.class ? Instant.parse(value) : p == Map.class ? metadata(value) : null;
                if (arg == null) continue;
                m.invoke(builder, arg);
                return;
            }
        } catch (IllegalAccessException | InvocationTargetException | DateTimeParseException e) {
            throw MlflowException.invalid("MLFLOW_S3_UPLOAD_EXTRA_ARGS: cannot use " + name + "=" + value + ": " + e);
        }
        Log.warnOnce("s3-extra-arg:" + name + ":" + type.getSimpleName(), "MLFLOW_S3_UPLOAD_EXTRA_ARGS: '" + name
                + "' does not apply to " + type.getEnclosingClass().getSimpleName() + "; it was left out");
    }

    private static Map<String, String> metadata(String json) {
        try {
            JsonNode node = new ObjectMapper().readTree(json);
            Map<String, String> out = new LinkedHashMap<>();
            if (node != null) for (Map.Entry<String, JsonNode> f : node.properties()) out.put(f.getKey(), f.getValue().asText());
            return out;
        } catch (IOException e) {
            throw MlflowException.invalid("MLFLOW_S3_UPLOAD_EXTRA_ARGS: Metadata is not a JSON object: " + json);
        }
    }
}
