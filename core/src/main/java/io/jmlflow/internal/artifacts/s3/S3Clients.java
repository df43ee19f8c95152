package io.jmlflow.internal.artifacts.s3;

import io.jmlflow.MlflowException;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.utils.AttributeMap;

import java.net.URI;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One S3 client per set of {@link S3Settings}, kept for the life of the JVM (the SDK's clients are thread-safe and
 * pool their connections). Credentials and the region come from the SDK's default chains, as boto3's do; without a
 * region configured, {@code us-east-1}. Against AWS itself (no endpoint URL) a bucket in another region is followed
 * there, as boto3 does.
 */
final class S3Clients {
    private static final Map<S3Settings, S3Client> CLIENTS = new ConcurrentHashMap<>();

    private S3Clients() {
    }

    static S3Client forSettings(S3Settings settings) {
        return CLIENTS.computeIfAbsent(settings, S3Clients::build);
    }

    private static S3Client build(S3Settings s) {
        S3ClientBuilder b = S3Client.builder().region(region()).credentialsProvider(credentials(s))
                .forcePathStyle(s.pathStyle());
        if (s.endpointUrl() != null) {
            try {
                b.endpointOverride(URI.create(s.endpointUrl().trim()));
            } catch (IllegalArgumentException e) {
                throw MlflowException.invalid("MLFLOW_S3_ENDPOINT_URL '" + s.endpointUrl() + "' is not a URL");
            }
        } else {
            b.crossRegionAccessEnabled(true);
        }
        if (s.expectedBucketOwner() != null) {
            b.overrideConfiguration(ClientOverrideConfiguration.builder()
                    .putHeader("x-amz-expected-bucket-owner", s.expectedBucketOwner()).build());
        }
        if (s.ignoreTls()) b.httpClient(trustingHttpClient());
        return b.build();
    }

    private static Region region() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (RuntimeException none) {
            return Region.US_EAST_1;
        }
    }

    private static AwsCredentialsProvider credentials(S3Settings s) {
        return s.unsigned() ? AnonymousCredentialsProvider.create() : DefaultCredentialsProvider.builder().build();
    }

    /**
     * {@code MLFLOW_S3_IGNORE_TLS}: the HTTP client the SDK would pick from the class path (or the one named by its
     * {@code software.amazon.awssdk.http.service.impl} property), accepting any certificate.
     */
    private static SdkHttpClient trustingHttpClient() {
        String wanted = System.getProperty("software.amazon.awssdk.http.service.impl");
        Iterator<SdkHttpService> services = ServiceLoader.load(SdkHttpService.class, S3Clients.class.getClassLoader())
                .iterator();
        SdkHttpService chosen = null;
        while (services.hasNext()) {
            SdkHttpService service = services.next();
            if (chosen == null || service.getClass().getName().equals(wanted)) chosen = service;
        }
        if (chosen == null) {
            throw new MlflowException(MlflowException.INVALID_STATE, "MLFLOW_S3_IGNORE_TLS needs one of the AWS SDK's "
                    + "HTTP clients on the class path (software.amazon.awssdk:apache-client or url-connection-client)");
        }
        return chosen.createHttpClientBuilder().buildWithDefaults(AttributeMap.builder()
                .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE).build());
    }
}
