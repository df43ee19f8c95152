package demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.jmlflow.annotations.LogParam;
import io.jmlflow.annotations.TrackRun;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An application with its own Jackson and OkHttp (older than the agent's): it prints which versions it sees and
 * uses both. Its output must be the same with and without the agent.
 */
public final class IsolatedApp {
    @TrackRun(name = "isolated", experiment = "isolation-it")
    static String train(@LogParam("config") Map<String, Object> config) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(config);
        JsonNode back = mapper.readTree(json);
        return json + " trees=" + back.get("trees").asInt();
    }

    public static void main(String[] args) throws Exception {
        System.out.println("jackson " + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION + " from "
                + jarName(ObjectMapper.class));
        System.out.println("okhttp from " + jarName(OkHttpClient.class));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model", "forest");
        config.put("trees", 100);
        System.out.println("json " + train(config));

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ping", exchange -> {
            byte[] body = "pong".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            OkHttpClient client = new OkHttpClient();
            Request request = new Request.Builder().url("http://127.0.0.1:" + server.getAddress().getPort() + "/ping").build();
            try (Response response = client.newCall(request).execute()) {
                System.out.println("http " + response.code() + " " + response.body().string());
            }
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        } finally {
            server.stop(0);
        }
    }

    private static String jarName(Class<?> type) throws Exception {
        return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
    }
}
