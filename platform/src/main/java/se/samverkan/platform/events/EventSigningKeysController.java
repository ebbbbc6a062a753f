package se.samverkan.platform.events;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.signing.EventKeys;
import se.samverkan.contracts.signing.EventSigner;

import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public half of this service's event keys as a JSON Web Key Set (RFC 8037 Ed25519): the active key and any
 * announced next or previous key, so operators can pin them in consumers and hand them to the offline verifier.
 * Public by design; what a consumer trusts is still its own configuration, never this answer.
 */
@RestController
public class EventSigningKeysController {

    public static final String PATH = "/api/event-signing-keys";

    private final EventSigner signer;
    private final Map<String, PublicKey> announced;

    EventSigningKeysController(EventSigner signer, EventSigningProperties properties) {
        this.signer = signer;
        this.announced = EventKeys.parsePublicKeys(properties.publishedKeys());
        announced.keySet().forEach(keyId -> {
            if (!EventKeys.serviceOf(keyId).equals(signer.producer().service())) {
                throw new IllegalStateException("samverkan.events.published-keys lists " + keyId + ", which is not a key of "
                        + signer.producer().service());
            }
        });
    }

    @GetMapping(value = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> keys() {
        List<Map<String, String>> keys = new ArrayList<>();
        keys.add(jwk(signer.keyId(), signer.key().publicKey(), "active"));
        announced.forEach((keyId, key) -> {
            if (!keyId.equals(signer.keyId())) {
                keys.add(jwk(keyId, key, "announced"));
            }
        });
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)))
                .body(Map.of("source", signer.producer().source().toString(), "keys", keys));
    }

    private static Map<String, String> jwk(String keyId, PublicKey key, String status) {
        Map<String, String> jwk = new LinkedHashMap<>();
        jwk.put("kty", "OKP");
        jwk.put("crv", "Ed25519");
        jwk.put("alg", "EdDSA");
        jwk.put("use", "sig");
        jwk.put("kid", keyId);
        jwk.put("x", EventKeys.encodePublic(key));
        jwk.put("status", status);
        return jwk;
    }
}
