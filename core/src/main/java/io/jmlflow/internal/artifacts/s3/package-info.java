/**
 * Internal: not public API, may change in any release. The API is io.jmlflow, .annotations, .entities and .models.
 * Artifacts in {@code s3://} locations through the AWS SDK for Java 2, which the application provides: only
 * {@link io.jmlflow.internal.artifacts.s3.S3Artifacts} and {@link io.jmlflow.internal.artifacts.s3.S3Settings} may be
 * loaded without it.
 */
package io.jmlflow.internal.artifacts.s3;
