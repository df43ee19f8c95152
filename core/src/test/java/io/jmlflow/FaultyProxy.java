package io.jmlflow;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP proxy in front of a real MLflow server that misbehaves on chosen endpoints for a number of requests:
 * it answers garbage instead of forwarding, forwards and then answers truncated JSON, or forwards and answers only
 * after a delay. Every other request is passed through unchanged, so the data that ends up on the real server can
 * be checked afterwards.
 */
final class FaultyProxy implements AutoCloseable {
    /** What the proxy does instead of an honest answer. */
    enum Fault {
        /** 200 with an HTML page; the request never reaches the server (a captive portal, a misrouted proxy). */
        HTML_NOT_FORWARDED,
        /** Forwarded, then 200 with the first half of the server's JSON (a connection cut mid-answer). */
        TRUNCATED_AFTER_FORWARDING,
        /** Forwarded, then the honest answer, but only after {@code delayMillis} (longer than the client waits). */
        SLOW_AFTER_FORWARDING
    }

    private record Plan(Fault fault, AtomicInteger left) {
    }

    private final HttpServer http;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient upstream = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String target;
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> faultsServed = new ConcurrentHashMap<>();
    private volatile long delayMillis = 3000;

    FaultyProxy(String targetUri) throws IOException {
        this.target = targetUri.endsWith("/") ? targetUri.substring(0, targetUri.length() - 1) : targetUri;
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        http.setExecutor(threads);
        http.createContext("/", this::handle);
        http.start();
    }

    String uri() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** The next {@code times} requests whose path ends with {@code endpoint} (e.g. {@code runs/log-batch}) get {@code fault}. */
    FaultyProxy fail(String endpoint, Fault fault, int times) {
        plans.put(endpoint, new Plan(fault, new AtomicInteger(times)));
        return this;
    }

    FaultyProxy delayMillis(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** How many faulty answers were given for {@code endpoint}. */
    int faultsServed(String endpoint) {
        AtomicInteger n = faultsServed.get(endpoint);
        return n == null ? 0 : n.get();
    }

    private Fault faultFor(String path) {
        for (Map.Entry<String, Plan> p : plans.entrySet()) {
            if (path.endsWith(p.getKey()) && p.getValue().left().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                faultsServed.computeIfAbsent(p.getKey(), k -> new AtomicInteger()).incrementAndGet();
                return p.getValue().fault();
            }
        }
        return null;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = ex.getRequestURI().getRawPath();
            Fault fault = faultFor(path);
            if (fault == Fault.HTML_NOT_FORWARDED) {
                answer(ex, 200, "text/html", "<html><body>Please sign in</body></html>".getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpResponse<byte[]> real = forward(ex, body);
            byte[] answer = real.body();
            if (fault == Fault.TRUNCATED_AFTER_FORWARDING) {
                answer = java.util.Arrays.copyOf(answer, Math.max(1, answer.length / 2));
            } else if (fault == Fault.SLOW_AFTER_FORWARDING) {
                Thread.sleep(delayMillis);
            }
            answer(ex, real.statusCode(), real.headers().firstValue("content-type").orElse("application/json"), answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (slow answers): nothing to tell it
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange ex, byte[] body) throws IOException, InterruptedException {
        String query = ex.getRequestURI().getRawQuery();
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI().getRawPath()
                        + (query == null ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(120))
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type != null) req.header("Content-Type", type);
        return upstream.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void answer(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().put("Content-Type", List.of(type));
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }
}
