package se.samverkan.platform.directory;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Reads users and their effective realm roles from Keycloak's Admin REST API with a service account's token
 * (client-credentials grant), kept until shortly before it expires.
 */
public class KeycloakAdminClient {

    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final KeycloakDirectoryProperties properties;
    private final HttpClient http;
    private final Clock clock;
    private String token;
    private Instant tokenExpires = Instant.MIN;

    public KeycloakAdminClient(KeycloakDirectoryProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(properties.requestTimeout()).build();
    }

    /** One page of users, including attributes; fewer than {@code max} means it was the last page. */
    public List<KeycloakUser> users(int first, int max) {
        return JSON.readValue(get("/users?briefRepresentation=false&first=" + first + "&max=" + max), new TypeReference<>() { });
    }

    /** The user's effective realm role names, composites (e.g. via default roles or groups) expanded. */
    public List<String> realmRoles(String userId) {
        JsonNode roles = JSON.readTree(get("/users/" + encode(userId) + "/role-mappings/realm/composite"));
        return roles.valueStream().map(role -> role.path("name").asString()).filter(name -> !name.isBlank()).toList();
    }

    private String get(String adminPath) {
        URI uri = URI.create(base() + "/admin/realms/" + encode(properties.realm()) + adminPath);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(properties.requestTimeout())
                .header("Authorization", "Bearer " + token()).header("Accept", "application/json").GET().build();
        HttpResponse<String> response = send(request, "GET " + uri.getPath());
        if (response.statusCode() == 401) {
            // revoked or rotated keys: forget the token so the next run asks for a new one
            token = null;
        }
        if (response.statusCode() != 200) {
            throw new KeycloakAdminException("GET " + uri.getPath() + " answered " + response.statusCode()
                    + (response.statusCode() == 403 ? " (does the service account have realm-management's view-users role?)" : ""));
        }
        return response.body();
    }

    private synchronized String token() {
        Instant now = clock.instant();
        if (token != null && now.isBefore(tokenExpires)) {
            return token;
        }
        URI uri = URI.create(base() + "/realms/" + encode(properties.realm()) + "/protocol/openid-connect/token");
        String form = "grant_type=client_credentials&client_id=" + encode(properties.clientId())
                + "&client_secret=" + encode(properties.clientSecret());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(properties.requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = send(request, "the token request");
        if (response.statusCode() != 200) {
            throw new KeycloakAdminException("The token request for client '" + properties.clientId() + "' answered "
                    + response.statusCode() + " (is the client confidential, with service accounts enabled and this secret?)");
        }
        JsonNode body = JSON.readTree(response.body());
        String accessToken = body.path("access_token").asString();
        if (accessToken.isBlank()) {
            throw new KeycloakAdminException("The token response for client '" + properties.clientId() + "' has no access_token");
        }
        token = accessToken;
        tokenExpires = now.plusSeconds(body.path("expires_in").asLong(60)).minus(EXPIRY_MARGIN);
        return token;
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new KeycloakAdminException("Keycloak at " + properties.baseUrl() + " did not answer " + what + " ("
                    + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeycloakAdminException("Interrupted while waiting for Keycloak", e);
        }
    }

    private String base() {
        String base = properties.baseUrl().toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
