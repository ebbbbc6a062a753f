package se.samverkan.platform.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import se.samverkan.platform.identity.Role;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Stands in for Keycloak where a test is about our services, not about Keycloak: it serves a JWKS over real HTTP
 * at Keycloak's path and mints tokens shaped like the Samverkan realm's (iss, aud, realm_access.roles, agency,
 * municipality, unit), plus the forgeries an attacker would try.
 */
public final class TestIdentityProvider {

    public static final String REALM = "samverkan";
    public static final String AUDIENCE = "samverkan-api";

    private static TestIdentityProvider instance;

    private final RSAKey signingKey;
    private final RSAKey strangerKey;
    private final HttpServer server;

    private TestIdentityProvider() {
        try {
            signingKey = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
            strangerKey = new RSAKeyGenerator(2048).keyID(signingKey.getKeyID()).generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jwks = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/realms/" + REALM + "/protocol/openid-connect/certs", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    }

    public static synchronized TestIdentityProvider instance() {
        if (instance == null) {
            instance = new TestIdentityProvider();
        }
        return instance;
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/" + REALM;
    }

    public String jwkSetUri() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    /**
     * A valid token for the user. An RS256 signature costs a millisecond or two, and the access-matrix tests send
     * thousands of requests: as a browser keeps its access token, one is reused for up to a minute (4 of its 5 minutes
     * are then still left).
     */
    public String token(TestUser user) {
        long now = System.nanoTime();
        IssuedToken issued = tokens.get(user);
        if (issued == null || now - issued.nanoTime() > TOKEN_REUSE.toNanos()) {
            issued = new IssuedToken(sign(claims(user).build(), signingKey), now);
            tokens.put(user, issued);
        }
        return issued.token();
    }

    private static final Duration TOKEN_REUSE = Duration.ofMinutes(1);
    private final java.util.Map<TestUser, IssuedToken> tokens = new java.util.concurrent.ConcurrentHashMap<>();

    private record IssuedToken(String token, long nanoTime) {
    }

    /** A validly signed token whose claims a test changes, e.g. to expire it or drop a claim. */
    public String token(TestUser user, UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(change.apply(claims(user)).build(), signingKey);
    }

    public String expiredToken(TestUser user) {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        return token(user, c -> c.issueTime(Date.from(past)).expirationTime(Date.from(past.plus(Duration.ofMinutes(5)))));
    }

    public String wrongIssuerToken(TestUser user) {
        return token(user, c -> c.issuer("http://localhost:" + server.getAddress().getPort() + "/realms/" + REALM));
    }

    public String wrongAudienceToken(TestUser user) {
        return token(user, c -> c.audience(List.of("account")));
    }

    /** Signed by a key the realm never published, under the same key id. */
    public String forgedToken(TestUser user) {
        return sign(claims(user).build(), strangerKey);
    }

    public String algNoneToken(TestUser user) {
        return new PlainJWT(claims(user).build()).serialize();
    }

    /** Header and payload of a real token with the signature stripped. */
    public String unsignedToken(TestUser user) {
        String token = token(user);
        return token.substring(0, token.lastIndexOf('.') + 1);
    }

    /** HS256 "signed" with the public key's bytes: the classic algorithm-confusion attack. */
    public String hmacConfusionToken(TestUser user) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(signingKey.getKeyID()).build(), claims(user).build());
            byte[] secret = Base64URL.encode(signingKey.toPublicJWK().toRSAPublicKey().getEncoded()).decode();
            jwt.sign(new MACSigner(secret.length >= 32 ? secret : new byte[32]));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private JWTClaimsSet.Builder claims(TestUser user) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject(user.id())
                .audience(List.of(AUDIENCE, "account"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString())
                .claim("typ", "Bearer")
                .claim("azp", "samverkan-web")
                .claim("preferred_username", user.username())
                .claim("email", user.email())
                .claim("realm_access", Map.of("roles", user.roles().stream().map(Role::realmRoleName).toList()))
                .claim("agency", user.agency().name())
                .claim("municipality", user.municipality())
                .claim("unit", user.unit());
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
