package io.jmlflow.internal.artifacts.s3;

import io.jmlflow.MlflowException;
import io.jmlflow.MlflowHttpException;
import io.jmlflow.entities.FileInfo;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.artifacts.ArtifactPaths;
import io.jmlflow.internal.artifacts.ArtifactRepository;
import io.jmlflow.internal.artifacts.ArtifactTreeDownload;
import io.jmlflow.internal.artifacts.upload.FileRegion;
import io.jmlflow.internal.artifacts.upload.MultipartSettings;
import io.jmlflow.internal.artifacts.upload.PartPlan;
import io.jmlflow.internal.artifacts.upload.PartUploads;
import io.jmlflow.internal.artifacts.upload.UploadJournal;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Artifacts under an {@code s3://bucket/prefix} location, read and written with the AWS SDK's S3 client
 * ({@link S3Clients}), as MLflow's {@code S3ArtifactRepository} does with boto3: same keys, same listing (folders are
 * common prefixes, folder markers are skipped), a content type guessed from the file name, and
 * {@code MLFLOW_S3_UPLOAD_EXTRA_ARGS} on every upload. A file larger than one part
 * ({@code MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE}) goes in parts, several at once, each streamed from the file; an
 * interrupted one is resumed by the next attempt (its id is kept in an {@link UploadJournal}, the parts the store holds
 * are asked from the store).
 */
public final class S3ArtifactRepository implements ArtifactRepository {
    private final S3Client s3;
    private final S3Settings settings;
    private final String bucket;
    /** The key prefix of the root, without a trailing '/'; "" for the bucket's root. */
    private final String prefix;

    private S3ArtifactRepository(S3Client s3, S3Settings settings, String bucket, String prefix) {
        this.s3 = s3;
        this.settings = settings;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    static S3ArtifactRepository open(String uri, S3Settings settings) {
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        while (prefix.endsWith("/")) prefix = prefix.substring(0, prefix.length() - 1);
        if (bucket.isEmpty()) throw MlflowException.invalid("no bucket in artifact location '" + uri + "'");
        return new S3ArtifactRepository(S3Clients.forSettings(settings), settings, bucket, prefix);
    }

    @Override
    public void logArtifact(Path localFile, String artifactPath) {
        String rel = ArtifactPaths.checkRelative(artifactPath);
        upload(localFile, key(join(rel, localFile.getFileName().toString())));
    }

    @Override
    public void logArtifacts(Path localDir, String artifactPath) {
        String rel = ArtifactPaths.checkRelative(artifactPath);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(localDir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new MlflowException(MlflowException.IO_ERROR, "cannot read " + localDir + ": " + e, e);
        }
        for (Path f : files) upload(f, key(join(rel, localDir.relativize(f).toString().replace('\\', '/'))));
    }

    private void upload(Path file, String key) {
        try {
            long size = Files.size(file);
            MultipartSettings mpu = MultipartSettings.fromConfig();
            if (size > mpu.partSize()) {
                uploadInParts(file, key, size, mpu);
            } else {
                PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key);
                String type = contentType(file);
                if (type != null) put.contentType(type);
                S3UploadArgs.apply(put, PutObjectRequest.Builder.class, settings.uploadExtraArgs());
                s3.putObject(put.build(), RequestBody.fromFile(file));
            }
        } catch (IOException e) {
            throw new MlflowException(MlflowException.IO_ERROR, "cannot read " + file + ": " + e, e);
        } catch (SdkException e) {
            throw failure("upload " + file.getFileName() + " to " + location(key), e);
        }
    }

    private void uploadInParts(Path file, String key, long size, MultipartSettings mpu) {
        PartPlan plan = PartPlan.of(size, mpu.partSize());
        String destination = (settings.endpointUrl() == null ? "" : settings.endpointUrl() + " ") + location(key);
        UploadJournal journal = UploadJournal.of(mpu.stateDir(), destination, file, plan);
        Map<Integer, String> etags = new TreeMap<>();
        String uploadId = null;
        UploadJournal.Saved saved = journal.load();
        if (saved != null && !saved.uploadId().isEmpty()) {
            try {
                etags.putAll(partsHeld(key, saved.uploadId(), plan));
                uploadId = saved.uploadId();
                Log.info("resuming the upload of " + file.getFileName() + ": " + etags.size() + " of " + plan.count()
                        + " parts were uploaded before");
            } catch (NoSuchUploadException gone) {
                journal.delete();
            }
        }
        if (uploadId == null) {
            CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(bucket).key(key);
            String type = contentType(file);
            if (type != null) create.contentType(type);
            S3UploadArgs.apply(create, CreateMultipartUploadRequest.Builder.class, settings.uploadExtraArgs());
            uploadId = s3.createMultipartUpload(create.build()).uploadId();
            journal.start(uploadId, null);
        }
        String id = uploadId;
        PartUploads.run(file, plan, etags, mpu.parallelism(), new PartUploads.PartSender() {
            @Override
            public String send(int partNumber, FileRegion region) {
                UploadPartRequest.Builder part = UploadPartRequest.builder().bucket(bucket).key(key).uploadId(id)
                        .partNumber(partNumber).contentLength(region.length());
                S3UploadArgs.applyToParts(part, settings.uploadExtraArgs());
                try {
                    return s3.uploadPart(part.build(), RequestBody.fromContentProvider(() -> open(region),
                            region.length(), "application/octet-stream")).eTag();
                } catch (SdkException e) {
                    throw failure("upload part " + partNumber + " of " + location(key), e);
                }
            }
        }, journal, "upload of " + file.getFileName());
        List<CompletedPart> parts = new ArrayList<>(etags.size());
        for (Map.Entry<Integer, String> p : etags.entrySet()) {
            parts.add(CompletedPart.builder().partNumber(p.getKey()).eTag(p.getValue()).build());
        }
        try {
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
        } catch (S3Exception e) {
            if (e.statusCode() < 500) journal.delete(); // the store refused these parts: start afresh next time
            throw e;
        }
        journal.delete();
    }

    private static InputStream open(FileRegion region) {
        try {
            return region.open();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The parts of an unfinished upload the store holds in full, by number. */
    private Map<Integer, String> partsHeld(String key, String uploadId, PartPlan plan) {
        Map<Integer, String> held = new TreeMap<>();
        Integer marker = null;
        while (true) {
            ListPartsRequest.Builder req = ListPartsRequest.builder().bucket(bucket).key(key).uploadId(uploadId);
            if (marker != null) req.partNumberMarker(marker);
            ListPartsResponse r = s3.listParts(req.build());
            for (Part p : r.parts()) {
                int n = p.partNumber();
                if (n >= 1 && n <= plan.count() && p.size() != null && p.size() == plan.length(n)) held.put(n, p.eTag());
            }
            if (!Boolean.TRUE.equals(r.isTruncated()) || r.nextPartNumberMarker() == null) return held;
            marker = r.nextPartNumberMarker();
        }
    }

    @Override
    public List<FileInfo> listArtifacts(String path) {
        String rel = ArtifactPaths.checkRelative(path);
        String dirKey = key(rel);
        String listPrefix = dirKey.isEmpty() ? "" : dirKey + "/";
        List<FileInfo> out = new ArrayList<>();
        try {
            String token = null;
            do {
                ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket).prefix(listPrefix)
                        .delimiter("/");
                if (token != null) req.continuationToken(token);
                ListObjectsV2Response r = s3.listObjectsV2(req.build());
                for (CommonPrefix p : r.commonPrefixes()) {
                    String sub = relativeToRoot(p.prefix());
                    if (sub.endsWith("/")) sub = sub.substring(0, sub.length() - 1);
                    if (!sub.isEmpty()) out.add(new FileInfo(sub, true, null));
                }
                for (S3Object o : r.contents()) {
                    if (o.key().endsWith("/") && o.size() != null && o.size() == 0) continue; // a folder marker
                    out.add(new FileInfo(relativeToRoot(o.key()), false, o.size()));
                }
                token = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw failure("list " + location(dirKey), e);
        }
        out.sort(Comparator.comparing(FileInfo::path));
        return out;
    }

    @Override
    public Path downloadArtifacts(String path, Path destDir) {
        return ArtifactTreeDownload.download(this, path, destDir, this::fetchFile);
    }

    private void fetchFile(String rel, Path file) throws IOException {
        try (InputStream in = s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key(rel)).build())) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (SdkException e) {
            throw failure("download " + location(key(rel)), e);
        }
    }

    /** The key of a path relative to the root. */
    private String key(String rel) {
        if (rel.isEmpty()) return prefix;
        return prefix.isEmpty() ? rel : prefix + "/" + rel;
    }

    /** A listed key (or common prefix) as a path relative to the root; refuses one outside it. */
    private String relativeToRoot(String listedKey) {
        String root = prefix.isEmpty() ? "" : prefix + "/";
        if (!listedKey.startsWith(root)) {
            throw new MlflowException(MlflowException.INTERNAL_ERROR, "S3 listed '" + listedKey + "' outside "
                    + location(prefix));
        }
        String rel = listedKey.substring(root.length());
        ArtifactPaths.checkRelative(rel.endsWith("/") ? rel.substring(0, rel.length() - 1) : rel);
        return rel;
    }

    private String location(String key) {
        return "s3://" + bucket + "/" + key;
    }

    private static String join(String a, String b) {
        if (a.isEmpty()) return b;
        return a + "/" + b;
    }

    private static String contentType(Path file) {
        return URLConnection.guessContentTypeFromName(file.getFileName().toString());
    }

    /**
     * An SDK failure as our exception: no answer or the store overloaded (5xx, 429) is transient (worth keeping and
     * sending again, as for a tracking server); missing credentials and refusals are not, and say what to fix.
     */
    static MlflowException failure(String what, SdkException e) {
        if (e instanceof S3Exception s) {
            int status = s.statusCode();
            String code = status == 403 ? "PERMISSION_DENIED" : status == 404 ? MlflowException.RESOURCE_DOES_NOT_EXIST
                    : status >= 500 || status == 429 ? MlflowException.IO_ERROR : MlflowException.INVALID_PARAMETER_VALUE;
            String detail = s.awsErrorDetails() == null ? s.getMessage()
                    : s.awsErrorDetails().errorCode() + ": " + s.awsErrorDetails().errorMessage();
            return new MlflowHttpException(code, "cannot " + what + ": " + detail, status, e);
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof SdkClientException && message.contains("credentials")) {
            return new MlflowException(MlflowException.INVALID_STATE, "cannot " + what + ": no AWS credentials (set "
                    + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or give the machine a role): "
                    + message);
        }
        return new MlflowHttpException(MlflowException.IO_ERROR, "cannot " + what + ": " + message, 0, e);
    }

    @Override
    public String toString() {
        return "S3ArtifactRepository[" + location(prefix) + "]";
    }
}
