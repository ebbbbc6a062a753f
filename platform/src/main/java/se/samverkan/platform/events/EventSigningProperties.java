package se.samverkan.platform.events;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param signingKey    this service's private key, {@code <service>/<label>:<base64 seed>} (env
 *                      {@code SAMVERKAN_EVENTS_SIGNING_KEY}); it signs every event the service publishes
 * @param trustedKeys   the producers' public keys this service accepts events from, {@code <service>/<label>:<base64url>,...}
 *                      (env {@code SAMVERKAN_EVENTS_TRUSTED_KEYS}); pinned here, never fetched from the producer at run time
 * @param publishedKeys further public keys of this service announced beside the active one: the next key before a
 *                      rotation, the previous one until every consumer has moved on (env {@code SAMVERKAN_EVENTS_PUBLISHED_KEYS})
 */
@ConfigurationProperties("samverkan.events")
public record EventSigningProperties(String signingKey, String trustedKeys, String publishedKeys) {
}
