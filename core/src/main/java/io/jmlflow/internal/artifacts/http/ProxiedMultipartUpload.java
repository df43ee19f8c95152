package io.jmlflow.internal.artifacts.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jmlflow.MlflowException;
import io.jmlflow.MlflowHttpException;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.artifacts.upload.FileRegion;
import io.jmlflow.internal.artifacts.upload.MultipartSettings;
import io.jmlflow.internal.artifacts.upload.PartPlan;
import io.jmlflow.internal.artifacts.upload.PartUploads;
import io.jmlflow.internal.artifacts.upload.UploadJournal;
import io.jmlflow.internal.store.rest.RestClient;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A large file through the tracking server's multipart upload API ({@code /api/2.0/mlflow-artifacts/mpu/...}), as
 * MLflow's {@code HttpArtifactRepository} does it: {@code create} makes the server start a multipart upload in its
 * artifact store and hand out one presigned URL per part; the parts go straight to the store ({@code PUT}, no MLflow
 * credentials), several at once; {@code complete} makes the server assemble them. Unlike Python's client, a failed
 * upload is not aborted: its progress stays in an {@link UploadJournal}, and the next attempt sends only the parts
 * the store does not have yet, as long as the presigned URLs have not expired (else it starts again).
 */
final class ProxiedMultipartUpload {
    static final String MPU = "api/2.0/mlflow-artifacts/mpu/";
    /** The start of MLflow's message when the server's artifact store cannot do multipart uploads. */
    static final String NOT_SUPPORTED = "Multipart upload is not supported";
    private static final long URL_MARGIN_MS = 120_000;
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

    /** Servers whose presigned URLs could not be reached: this JVM sends their large files in one request. */
    private static final Set<String> UNREACHABLE = ConcurrentHashMap.newKeySet();

    private final RestClient client;
    private final MultipartSettings settings;

    ProxiedMultipartUpload(RestClient client, MultipartSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /**
     * Uploads {@code file} as {@code dir/name} ({@code dir} relative to the server's artifact destination). Returns
     * false when the server's artifact store cannot take multipart uploads, or the presigned URLs it hands out cannot
     * be reached from here; the caller then sends the file in one request through the server.
     */
    boolean upload(Path file, String dir, String name) throws IOException {
        if (UNREACHABLE.contains(client.baseUri())) return false;
        PartPlan plan = PartPlan.of(Files.size(file), settings.partSize());
        String destination = client.baseUri() + "/" + MlflowArtifactsRepository.SERVICE + "/" + join(dir, name);
        UploadJournal journal = UploadJournal.of(settings.stateDir(), destination, file, plan);
        UploadJournal.Saved saved = journal.load();
        if (saved != null && !resumable(saved, plan)) {
            abortQuietly(dir, name, saved.uploadId());
            journal.delete();
            saved = null;
        }
        String uploadId;
        JsonNode credentials;
        Map<Integer, String> done;
        if (saved != null) {
            uploadId = saved.uploadId();
            credentials = saved.extra();
            done = saved.parts();
            Log.info("resuming the upload of " + name + ": " + done.size() + " of " + plan.count()
                    + " parts were uploaded before");
        } else {
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("path", name).put("num_parts", plan.count());
            JsonNode created;
            try {
                created = client.call("POST", MPU + "create/" + dir, body);
            } catch (MlflowHttpException e) {
                if (e.httpStatus() == 501 || String.valueOf(e.getMessage()).startsWith(NOT_SUPPORTED)) return false;
                throw e;
            }
            uploadId = created.path("upload_id").asText();
            credentials = created.path("credentials");
            if (credentials.size() != plan.count()) {
                throw new MlflowException(MlflowException.INTERNAL_ERROR, "the server handed out " + credentials.size()
                        + " part URLs for " + plan.count() + " parts of " + name);
            }
            journal.start(uploadId, credentials);
            done = Map.of();
            Log.debug("uploading " + name + " (" + plan.fileSize() + " bytes) in " + plan.count() + " parts of "
                    + plan.partSize() + " bytes through " + client.baseUri(), null);
        }
        RestClient presigned = client.forPresignedUrls(io.jmlflow.MlflowConfig.getBoolean("s3.ignore.tls", false));
        Map<Integer, String> etags = new TreeMap<>(done);
        try {
            PartUploads.run(file, plan, etags, settings.parallelism(), new PartUploads.PartSender() {
                @Override
                public String send(int partNumber, FileRegion region) throws IOException {
                    return putPart(presigned, credential(credentials, partNumber), region);
                }
            }, journal, "upload of " + name);
        } catch (MlflowException e) {
            if (etags.isEmpty() && storeUnreachable(e)) {
                abortQuietly(dir, name, uploadId);
                journal.delete();
                UNREACHABLE.add(client.baseUri());
                Log.warnOnce("mpu-unreachable:" + client.baseUri(), "the artifact store behind " + client.baseUri()
                        + " cannot be reached from here for multipart uploads (" + e.getMessage() + "); large files "
                        + "go through the server in one request (MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD=false skips "
                        + "trying)");
                return false;
            }
            throw e;
        }
        ObjectNode complete = JsonNodeFactory.instance.objectNode().put("path", name).put("upload_id", uploadId);
        ArrayNode parts = complete.putArray("parts");
        for (Map.Entry<Integer, String> p : etags.entrySet()) {
            parts.addObject().put("part_number", p.getKey()).put("etag", p.getValue())
                    .put("url", credential(credentials, p.getKey()).path("url").asText());
        }
        try {
            client.call("POST", MPU + "complete/" + dir, complete);
        } catch (MlflowException e) {
            // the store refused the parts as recorded (an upload aborted meanwhile, a part gone): start afresh next time
            if (!e.isTransient()) journal.delete();
            throw e;
        }
        journal.delete();
        return true;
    }

    private static JsonNode credential(JsonNode credentials, int partNumber) {
        JsonNode c = credentials.get(partNumber - 1);
        if (c != null && c.path("part_number").asInt(partNumber) == partNumber) return c;
        for (JsonNode any : credentials) if (any.path("part_number").asInt() == partNumber) return any;
        throw new MlflowException(MlflowException.INTERNAL_ERROR, "the server handed out no URL for part " + partNumber);
    }

    private static String putPart(RestClient presigned, JsonNode credential, FileRegion region) throws IOException {
        HttpUrl url = HttpUrl.parse(credential.path("url").asText());
        if (url == null) throw new IOException("the server handed out an unusable part URL");
        Request.Builder req = new Request.Builder().url(url).put(new FileRegionBody(region, null));
        for (Iterator<Map.Entry<String, JsonNode>> h = credential.path("headers").properties().iterator(); h.hasNext(); ) {
            Map.Entry<String, JsonNode> e = h.next();
            req.header(e.getKey(), e.getValue().asText());
        }
        try (Response response = presigned.send(req.build())) {
            String etag = response.header("ETag");
            return etag == null ? "" : etag;
        }
    }

    /** The saved upload can go on: same number of parts, and its part URLs are good for a while yet. */
    private static boolean resumable(UploadJournal.Saved saved, PartPlan plan) {
        JsonNode credentials = saved.extra();
        if (saved.uploadId().isEmpty() || credentials == null || credentials.size() != plan.count()) return false;
        long expires = expiry(credentials.get(0).path("url").asText(), saved.createdMillis());
        return expires - System.currentTimeMillis() > URL_MARGIN_MS;
    }

    /**
     * When a presigned URL expires: S3's and GCS's V4 signatures carry their date and lifetime; for others (Azure's
     * SAS), an hour after the upload started, MLflow's default lifetime.
     */
    static long expiry(String url, long createdMillis) {
        HttpUrl u = HttpUrl.parse(url);
        if (u != null) {
            for (String prefix : new String[]{"X-Amz-", "X-Goog-"}) {
                String date = u.queryParameter(prefix + "Date");
                String seconds = u.queryParameter(prefix + "Expires");
                if (date == null || seconds == null) continue;
                try {
                    long start = LocalDateTime.parse(date, AMZ_DATE).toInstant(ZoneOffset.UTC).toEpochMilli();
                    return start + Long.parseLong(seconds) * 1000;
                } catch (DateTimeParseException | NumberFormatException e) {
                    break;
                }
            }
        }
        return createdMillis + 3_600_000;
    }

    /** The presigned URLs' host cannot be reached from here (an address only the server's network knows). */
    private static boolean storeUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof ConnectException) return true;
        }
        return false;
    }

    private void abortQuietly(String dir, String name, String uploadId) {
        try {
            client.call("POST", MPU + "abort/" + dir, JsonNodeFactory.instance.objectNode().put("path", name)
                    .put("upload_id", uploadId));
        } catch (RuntimeException e) {
            Log.debug("could not abort the earlier upload of " + name, e);
        }
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "/" + b;
    }
}
