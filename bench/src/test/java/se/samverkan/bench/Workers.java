package se.samverkan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The simulated workers: the demo realm's users (infra/keycloak/samverkan-realm.json, password "demo"), each with a
 * real access token from Keycloak's password grant on the public samverkan-cli client, refreshed before it expires.
 */
final class Workers {

    static final List<String> SOCIAL_WORKERS = List.of("anna", "amir");
    static final String SUPERVISOR = "cecilia";
    static final String POLICE = "david";
    static final String COMPLIANCE = "eva";

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private record Token(String value, long expiresAtMillis) {
    }

    private final BenchSettings settings;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    Workers(BenchSettings settings) {
        this.settings = settings;
    }

    String token(String user) {
        Token token = tokens.get(user);
        if (token == null || System.currentTimeMillis() > token.expiresAtMillis()) {
            synchronized (this) {
                token = tokens.get(user);
                if (token == null || System.currentTimeMillis() > token.expiresAtMillis()) {
                    token = grant(user);
                    tokens.put(user, token);
                }
            }
        }
        return token.value();
    }

    private Token grant(String user) {
        String form = Map.of("client_id", "samverkan-cli", "grant_type", "password", "username", user, "password", "demo")
                .entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(settings.tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token for " + user + " (" + response.statusCode()
                    + "); is ./samverkan-local running with the demo realm?");
        }
        JsonNode body = read(response.body());
        long lifetime = body.path("expires_in").asLong(300);
        // renew at half its life so no request of a run carries an expired token
        return new Token(body.path("access_token").asText(), System.currentTimeMillis() + lifetime * 500);
    }

    static HttpResponse<String> get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).GET().build());
    }

    static HttpResponse<String> post(String url, String token, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + e.getMessage(), e);
        }
    }
}
