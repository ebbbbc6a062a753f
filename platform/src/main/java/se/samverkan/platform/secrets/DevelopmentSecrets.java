package se.samverkan.platform.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * Every secret value that is or ever was in the Samverkan repository (defaults, the realm file, docker-compose, test
 * configuration), kept as SHA-256 fingerprints so this list does not publish them once more. Such a value protects
 * nothing: anyone with the repository can unseal, link pseudonyms or forge checkpoints with it. Add the fingerprint
 * of every new development or test value here ({@code printf %s value | sha256sum}).
 */
public final class DevelopmentSecrets {

    private static final Set<String> FINGERPRINTS = Set.of(
            // case-service: the former default subject pseudonym key and master key "dev-2026"
            "e35967e2ee740a52a676dbc5cdd53a012932701c92fa0ab3d58548c217ab1649",
            "36777ab9b55ed42d88e941deafe9010ebed8a2eefe8079689545c64c58dad749",
            // audit-service: the former default checkpoint signing key (samverkan.local-audit-dev+914e6cba)
            "62cea7ac459df65a04c95f65938981d105a6973ec2ba0a264a0b5f071225bdb7",
            // the realm file's samverkan-notification and samverkan-case client secrets (by fingerprint only, so the
            // images carry no development value: deploy's ImageTarsIT looks for them)
            "d9e7f77d65794170c3258b0d23dc4b73594527e50683799d3e36864347320117",
            "0e29778d328c37a930d70942fca8a5dca6d31e130d1064ec73f0a62b7a9f7482",
            // database passwords of the local stack, docker-compose and the tests (role = password; postgres)
            "cb1dddb32fac5712bb2e9ff39144935321b140e96174b940a521761176ad2021",
            "897188521e4e41c758930873cf680b76258928a4e5da3fdf1dd9b32dd8b2a610",
            "07c9579d0e72e51293ac379bcdda96d7e41da2d069f51386a038d0a3754f7d3f",
            "aaadee663b178100b33dca5733ee0b6ce76540d2634306892afd4f19d20c9e92",
            "a942b37ccfaf5a813b1432caa209a43b9d144e47ad0de1549c289c253e556cd5",
            // case_owner (case-service's schema owner since its migrations run in a step of their own)
            "fe4f55631a76fb1fd8a62bb70e34867bc4de6780c1024e680e738b2252974da2",
            // notification_owner (notification-service's schema owner, likewise)
            "e68ccd40655fede0f9e99cacb10e34db0aa946f88b1ce11e436a9af44d8f9abe",
            // the test configuration's keys (src/test/resources/config/application.yml of case- and audit-service)
            "e46229e810cef2bc749fb8b738ab6e1cb12a8ebcbb4f3a17eb9cabc2af16280f",
            "52d35b787a5c628c390175d8d07fae9e36a7ca311bfb5ed3112b898278e45000",
            "c6a5348105d433443aa584e4b2673c75a43553b8977b241975317c7d250eab15",
            // the tests' event signing keys (platform-test samverkan-test-event-keys.properties), seed part only
            "518393c34c1800cc489bfe3228d92689978f174b834d7d4a7319afb625db6c91",
            "9b77431f30b3d07114c2ebe2432224a0aa9e9f07471cae137b3b91d6a27be24b",
            "bacca7cb90c09fbe9027b4c1fdc7b38cbdd44a629503d8e9f9c737bd5194969c");

    private DevelopmentSecrets() {
    }

    public static boolean isKnown(String value) {
        return FINGERPRINTS.contains(fingerprint(value.strip()));
    }

    static String fingerprint(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
