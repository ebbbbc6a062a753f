package se.samverkan.signing;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class EventSigningTest {

    private static final EventKeys.SigningKey CASE = EventKeys.parseSigningKey(EventKeys.generateSigningKey("case-service/t1"));

    @Test
    void the_fast_engine_and_the_jdk_make_and_accept_the_same_signatures() {
        byte[] message = "{\"any\":\"bytes\"}".getBytes(StandardCharsets.UTF_8);
        Ed25519Engine fast = new Ed25519Engine.BouncyCastle();
        Ed25519Engine jdk = new Ed25519Engine.Jdk();
        byte[] signature = fast.sign(CASE.privateKey(), message);

        // Bouncy Castle is on the test class path (an optional dependency), so it is chosen
        assertThat(Ed25519Engine.name()).isEqualTo("BouncyCastle");
        assertThat(SignedEnvelope.ed25519Implementation()).matches("Bouncy Castle's \\(bcprov-jdk18on-[0-9.]+\\.jar, SHA-256 [0-9a-f]{64}\\)");
        assertThat(jdk.description()).isEqualTo("the JDK's (SunEC)");
        assertThat(jdk.sign(CASE.privateKey(), message)).isEqualTo(signature);
        assertThat(jdk.verify(CASE.publicKey(), message, signature)).isTrue();
        assertThat(fast.verify(CASE.publicKey(), message, signature)).isTrue();
        message[3] = 'A';
        assertThat(fast.verify(CASE.publicKey(), message, signature)).isFalse();
        assertThat(jdk.verify(CASE.publicKey(), message, signature)).isFalse();
    }

    @Test
    void the_fast_engine_signs_right_with_each_of_two_keys_used_in_turn() {
        // it keeps the last key's public half: a change of key must not sign with the previous key's
        EventKeys.SigningKey other = EventKeys.parseSigningKey(EventKeys.generateSigningKey("audit-service/t2"));
        Ed25519Engine fast = new Ed25519Engine.BouncyCastle();
        Ed25519Engine jdk = new Ed25519Engine.Jdk();
        for (int i = 0; i < 4; i++) {
            EventKeys.SigningKey key = i % 2 == 0 ? CASE : other;
            byte[] message = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            byte[] signature = fast.sign(key.privateKey(), message);
            assertThat(signature).isEqualTo(jdk.sign(key.privateKey(), message));
            assertThat(jdk.verify(key.publicKey(), message, signature)).isTrue();
            assertThat(fast.verify((i % 2 == 0 ? other : CASE).publicKey(), message, signature)).isFalse();
        }
    }

    @Test
    void a_public_key_of_small_order_verifies_nothing_not_even_the_signature_that_fits_every_message() {
        // the identity point: [S]B = R + [k]A holds for R = identity, S = 0 and any message unless the key is refused
        byte[] identity = new byte[32];
        identity[0] = 1;
        java.security.PublicKey weak = EventKeys.decodePublic("case-service/weak",
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(identity));
        byte[] signature = new byte[64];
        signature[0] = 1;
        byte[] message = "{\"any\":\"bytes\"}".getBytes(StandardCharsets.UTF_8);
        Ed25519Engine fast = new Ed25519Engine.BouncyCastle();

        assertThat(fast.verify(weak, message, signature)).isFalse();
        assertThat(fast.verify(weak, message, signature)).as("and again, from the engine's memory of the key").isFalse();
        assertThat(fast.verify(CASE.publicKey(), message, fast.sign(CASE.privateKey(), message))).isTrue();
    }

    @Test
    void a_signed_envelope_splits_into_the_signed_bytes_and_a_signature_that_verifies_only_over_them() {
        byte[] unsigned = "{\"type\":\"se.samverkan.case.case-opened.v1\",\"signaturekeyid\":\"case-service/t1\"}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] signed = SignedEnvelope.sign(unsigned, CASE.privateKey());

        SignedEnvelope.Parts parts = SignedEnvelope.split(signed).orElseThrow();
        assertThat(parts.signedBytes()).isEqualTo(unsigned);
        assertThat(SignedEnvelope.verifies(parts, CASE.publicKey())).isTrue();
        assertThat(SignedEnvelope.split(unsigned)).isEmpty();
        signed[5] = 'T';
        assertThat(SignedEnvelope.verifies(SignedEnvelope.split(signed).orElseThrow(), CASE.publicKey())).isFalse();
    }

    @Test
    void a_signature_has_exactly_one_encoding_so_a_genuine_record_cannot_be_re_encoded_into_other_bytes_that_verify() {
        byte[] signed = SignedEnvelope.sign("{\"signaturekeyid\":\"case-service/t1\"}".getBytes(StandardCharsets.UTF_8),
                CASE.privateKey());
        // the last of the 86 base64url characters carries 2 bits of the signature and 4 unused bits: a decoder that
        // ignores those would accept 15 other spellings of the same signature, i.e. other bytes for a genuine record
        int last = signed.length - 3;
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int value = alphabet.indexOf(signed[last]);
        int accepted = 0;
        for (int unused = 1; unused < 16; unused++) {
            byte[] respelled = signed.clone();
            respelled[last] = (byte) alphabet.charAt((value & ~0x0f) | ((value & 0x0f) ^ unused));
            if (SignedEnvelope.split(respelled).filter(parts -> SignedEnvelope.verifies(parts, CASE.publicKey())).isPresent()) {
                accepted++;
            }
        }
        assertThat(accepted).isZero();
        assertThat(SignedEnvelope.verifies(SignedEnvelope.split(signed).orElseThrow(), CASE.publicKey())).isTrue();
    }

    @Test
    void a_known_type_belongs_to_the_producer_of_its_topic_and_a_newer_one_to_the_owner_of_its_namespace() {
        assertThat(EventProducer.CASE_SERVICE.mayProduce("se.samverkan.case.case-opened.v1", EventTopics.CASE_EVENTS)).isTrue();
        assertThat(EventProducer.CASE_SERVICE.mayProduce("se.samverkan.case.case-opened.v1", null)).isTrue();
        assertThat(EventProducer.CASE_SERVICE.mayProduce("se.samverkan.case.case-opened.v1", EventTopics.ACCESS_EVENTS)).isFalse();
        assertThat(EventProducer.NOTIFICATION_SERVICE.mayProduce("se.samverkan.access.directory-entry-changed.v1", null)).isTrue();
        assertThat(EventProducer.CASE_SERVICE.mayProduce("se.samverkan.access.directory-entry-changed.v1", null)).isFalse();
        assertThat(EventProducer.CASE_SERVICE.mayProduce("se.samverkan.case.case-opened.v2", EventTopics.CASE_EVENTS)).isTrue();
        assertThat(EventProducer.AUDIT_SERVICE.mayProduce("se.samverkan.audit.audit-log-read.v1", null)).isTrue();
        assertThat(EventProducer.CASE_SERVICE.mayProduce("se.samverkan.audit.audit-log-read.v1", null)).isFalse();
        assertThat(EventTopics.topicOf("se.samverkan.case.nothing.v9")).isEmpty();
    }
}
