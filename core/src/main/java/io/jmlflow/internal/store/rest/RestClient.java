package io.jmlflow.internal.store.rest;

import io.jmlflow.MlflowHttpException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jmlflow.MlflowException;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.Redaction;
import okhttp3.Credentials;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * HTTP to one MLflow server (base URI {@code http(s)://host:port[/prefix]}): JSON calls to its REST API and raw
 * requests for artifacts, with MLflow's retries, credentials and TLS. Credentials are sent as a header and never
 * appear in a message. Thread-safe. All instances share one connection pool whose threads are daemons, so an
 * application that never closes a store still exits.
 */
public final class RestClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final OkHttpClient SHARED = new OkHttpClient.Builder()
            .dispatcher(new Dispatcher(new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, "jmlflow-http");
                        t.setDaemon(true);
                        return t;
                    })))
            .build();

    /** Waits between retries; replaced in tests to observe the waits without sleeping. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final HttpUrl base;
    private final RestSettings settings;
    private final OkHttpClient http;
    private final String authorization;
    private final RetryPolicy retry;
    private volatile Sleeper sleeper = Thread::sleep;

    private RestClient(HttpUrl base, RestSettings settings, String authorization) {
        this(base, settings, authorization, 0);
    }

    /** {@code callTimeoutMillis} > 0 bounds each attempt as a whole (connect, send, answer). */
    private RestClient(HttpUrl base, RestSettings settings, String authorization, long callTimeoutMillis) {
        this.base = base;
        this.settings = settings;
        this.authorization = authorization;
        this.retry = new RetryPolicy(settings.maxRetries(), settings.backoffFactor(), settings.backoffJitter());
        long timeoutMs = TimeUnit.SECONDS.toMillis(settings.timeoutSeconds());
        OkHttpClient.Builder b = SHARED.newBuilder()
                .connectTimeout(callTimeoutMillis > 0 ? Math.min(callTimeoutMillis, timeoutMs) : timeoutMs,
                        TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .writeTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .callTimeout(Math.max(0, callTimeoutMillis), TimeUnit.MILLISECONDS);
        TlsSetup.apply(b, settings);
        this.http = b.build();
    }

    /**
     * This client making one attempt per request, bounded as a whole by {@code callTimeoutMillis} (0: only the usual
     * timeouts): for first attempts whose failure is handled by the caller (spooling) rather than by waiting.
     */
    public RestClient withoutRetries(long callTimeoutMillis) {
        return new RestClient(base, settings.withRetries(0, settings.backoffFactor(), settings.backoffJitter()),
                authorization, callTimeoutMillis);
    }

    /**
     * A client for {@code baseUri}. Credentials come from {@code settings} (basic auth wins over a token, as in
     * MLflow) or else from user info in the URI, which is removed from the address used in messages.
     */
    public static RestClient create(String baseUri, RestSettings settings) {
        String meant = Redaction.userInfo(baseUri.trim());
        if (meant != null && meant.indexOf('/') >= 0) {
            throw MlflowException.invalid("the tracking URI '" + Redaction.uri(baseUri) + "' has a '/' in its user "
                    + "info, which would end the host name there: percent-encode it as %2F");
        }
        HttpUrl parsed = HttpUrl.parse(baseUri.trim());
        if (parsed == null) {
            throw MlflowException.invalid("not an http(s) tracking URI: '" + Redaction.uri(baseUri) + "'");
        }
        String user = settings.username();
        String pass = settings.password();
        String token = settings.token();
        if ((user == null || pass == null) && token == null && !parsed.username().isEmpty()) {
            user = parsed.username();
            pass = parsed.password();
        }
        String authorization = null;
        List<String> secrets = new ArrayList<>();
        if (user != null && pass != null) {
            authorization = Credentials.basic(user, pass, StandardCharsets.UTF_8);
            secrets.add(pass);
        } else if (token != null) {
            authorization = "Bearer " + token;
            secrets.add(token);
        }
        if (authorization != null) secrets.add(authorization.substring(authorization.indexOf(' ') + 1));
        if (settings.password() != null) secrets.add(settings.password());
        if (settings.token() != null) secrets.add(settings.token());
        HttpUrl.Builder clean = parsed.newBuilder().username("").password("").query(null).fragment(null);
        String path = parsed.encodedPath();
        while (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
        clean.encodedPath(path);
        for (String s : secrets) Redaction.rememberSecret(s);
        return new RestClient(clean.build(), settings, authorization);
    }

    /** A client with the same settings and credentials for another server (e.g. a separate artifact server). */
    public RestClient forBase(String otherBaseUri) {
        RestClient other = create(otherBaseUri, settings);
        if (other.authorization != null || authorization == null) return other;
        // credentials that came from the user info of this client's URI apply too
        return new RestClient(other.base, settings, authorization);
    }

    /** The server address, without credentials. */
    public String baseUri() {
        String s = base.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public HttpUrl base() { return base; }

    public RestSettings settings() { return settings; }

    void setSleeper(Sleeper s) { this.sleeper = s; }

    /** The base URL with {@code apiPath} (e.g. {@code api/2.0/mlflow/runs/get}) appended. */
    public HttpUrl.Builder url(String apiPath) {
        HttpUrl.Builder b = base.newBuilder();
        String p = apiPath.startsWith("/") ? apiPath.substring(1) : apiPath;
        if (!p.isEmpty()) b.addPathSegments(p);
        return b;
    }

    /**
     * Calls a JSON endpoint. GET sends the body's fields as query parameters (arrays repeated), other methods send
     * it as JSON. Returns the parsed answer ({} when empty); a refusal throws {@link MlflowHttpException}.
     */
    public JsonNode call(String method, String apiPath, ObjectNode body) {
        HttpUrl.Builder url = url(apiPath);
        RequestBody requestBody = null;
        if (method.equals("GET")) {
            if (body != null) addQuery(url, body);
        } else {
            try {
                requestBody = RequestBody.create(JSON.writeValueAsBytes(body == null ? JSON.createObjectNode() : body),
                        JSON_TYPE);
            } catch (IOException e) {
                throw new MlflowException(MlflowException.INTERNAL_ERROR, "cannot encode request: " + e, e);
            }
        }
        Request request = new Request.Builder().url(url.build()).method(method, requestBody).build();
        try (Response response = send(request)) {
            ResponseBody rb = response.body();
            if (rb == null || response.code() == 204) return JSON.createObjectNode();
            try (InputStream in = rb.byteStream()) {
                JsonNode node = JSON.readTree(in);
                return node == null || node.isMissingNode() ? JSON.createObjectNode() : node;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // An HTML page from a proxy, or JSON cut short: no usable answer, as if none had come (the caller may
            // send again; MLflow ignores what it already has). Jackson's own message spans two lines; ours is one.
            throw new MlflowHttpException(MlflowException.IO_ERROR, redact("the answer of " + method + " "
                    + display(request.url()) + " is not valid JSON: " + oneLine(e.getOriginalMessage())), 0, e);
        } catch (IOException e) {
            throw new MlflowHttpException(MlflowException.IO_ERROR, redact("cannot read the answer of " + method + " "
                    + display(request.url()) + ": " + oneLine(e.toString())), 0, e);
        }
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ");
    }

    private static void addQuery(HttpUrl.Builder url, ObjectNode body) {
        for (Map.Entry<String, JsonNode> f : body.properties()) {
            JsonNode v = f.getValue();
            if (v == null || v.isNull()) continue;
            if (v.isArray()) {
                for (JsonNode item : v) url.addQueryParameter(f.getKey(), item.asText());
            } else {
                url.addQueryParameter(f.getKey(), v.asText());
            }
        }
    }

    /**
     * Sends a request (with this client's credentials), retrying connection failures, 429 and 5xx with back-off.
     * Returns a successful response, which the caller must close; anything else throws
     * {@link MlflowHttpException}. Request bodies must be replayable (JSON bytes, files).
     */
    public Response send(Request request) {
        Request authed = authorization == null ? request
                : request.newBuilder().header("Authorization", authorization).build();
        if (authed.header("User-Agent") == null) authed = authed.newBuilder().header("User-Agent", "jmlflow").build();
        int retries = 0;
        while (true) {
            Response response;
            try {
                response = http.newCall(authed).execute();
            } catch (IOException e) {
                MlflowHttpException tls = TlsFailures.from(e, request.method() + " " + display(request.url()));
                if (tls != null) throw new MlflowHttpException(tls.errorCode(), redact(tls.getMessage()), 0, e);
                if (retries >= retry.maxRetries() || Thread.currentThread().isInterrupted()) {
                    throw new MlflowHttpException(MlflowException.IO_ERROR, redact("API request to "
                            + request.method() + " " + display(request.url()) + " failed after " + (retries + 1)
                            + " attempt(s): " + e), 0, e);
                }
                retries++;
                pause(retries, null, request, e.toString());
                continue;
            }
            if (response.isSuccessful()) return response;
            if (RetryPolicy.isRetryableStatus(response.code()) && retries < retry.maxRetries()) {
                String retryAfter = response.header("Retry-After");
                int code = response.code();
                response.close();
                retries++;
                pause(retries, retryAfter, request, "HTTP " + code);
                continue;
            }
            try (response) {
                throw errorFrom(response, request);
            }
        }
    }

    /**
     * One GET of {@code /health} bounded by {@code spool.probe.timeout.ms} (default 2,000) and no retries: does the
     * server answer right now?
     */
    public boolean isHealthy() {
        long ms = Math.max(1, io.jmlflow.MlflowConfig.getLong("spool.probe.timeout.ms", 2000));
        OkHttpClient quick = http.newBuilder().connectTimeout(ms, TimeUnit.MILLISECONDS)
                .readTimeout(ms, TimeUnit.MILLISECONDS).callTimeout(ms, TimeUnit.MILLISECONDS).build();
        Request.Builder req = new Request.Builder().url(url("health").build()).get();
        if (authorization != null) req.header("Authorization", authorization);
        try (Response r = quick.newCall(req.build()).execute()) {
            return r.isSuccessful();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void pause(int retryNumber, String retryAfter, Request request, String why) {
        long ms = retry.delayMillis(retryNumber, retryAfter);
        Log.debug(redact("retry " + retryNumber + "/" + retry.maxRetries() + " of " + request.method() + " "
                + display(request.url()) + " in " + ms + " ms after " + why), null);
        try {
            sleeper.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowHttpException(MlflowException.IO_ERROR, "interrupted while retrying " + request.method()
                    + " " + display(request.url()), 0, e);
        }
    }

    private MlflowHttpException errorFrom(Response response, Request request) {
        int status = response.code();
        String text;
        try {
            text = response.peekBody(MAX_ERROR_BODY).string();
        } catch (IOException e) {
            text = "";
        }
        String code = null;
        String message = null;
        try {
            JsonNode node = text.isBlank() ? null : JSON.readTree(text);
            if (node != null && node.isObject()) {
                if (node.hasNonNull("error_code")) code = node.get("error_code").asText();
                if (node.hasNonNull("message")) message = node.get("message").asText();
                else if (node.hasNonNull("detail")) message = node.get("detail").toString().replaceAll("^\"|\"$", "");
            }
        } catch (IOException notJson) {
            // fall through to the generic message
        }
        if (code == null) code = errorCodeFor(status);
        if (message == null) {
            String body = text.length() > 500 ? text.substring(0, 500) + "..." : text;
            message = "API request to " + request.method() + " " + display(request.url()) + " failed with HTTP "
                    + status + (body.isBlank() ? "" : ": " + body.strip());
        }
        return new MlflowHttpException(code, redact(message), status);
    }

    /** MLflow's error code for an HTTP status when the server sent none. */
    static String errorCodeFor(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "ENDPOINT_NOT_FOUND";
            case 409 -> "ALREADY_EXISTS";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 499 -> "CANCELLED";
            case 501 -> "NOT_IMPLEMENTED";
            case 503 -> "TEMPORARILY_UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> MlflowException.INTERNAL_ERROR;
        };
    }

    /** A URL for messages: no credentials, no query. */
    static String display(HttpUrl url) {
        return url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
    }

    /** Masks credentials in a text that may be shown or logged ({@link Redaction}). */
    String redact(String text) {
        return Redaction.text(text);
    }
}
