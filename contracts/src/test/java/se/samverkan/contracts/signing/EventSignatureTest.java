package se.samverkan.contracts.signing;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;
import se.samverkan.signing.EventKeys;
import se.samverkan.signing.EventProducer;
import se.samverkan.signing.SignedEnvelope;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSignatureTest {

    private static final EventKeys.SigningKey CASE = EventKeys.parseSigningKey(EventKeys.generateSigningKey("case-service/t1"));
    private static final EventKeys.SigningKey NOTIFICATION = EventKeys.parseSigningKey(EventKeys.generateSigningKey("notification-service/t1"));
    private static final EventVerifier VERIFIER = new EventVerifier(EventKeys.parsePublicKeys(
            CASE.publicKeyText() + "," + NOTIFICATION.publicKeyText()));

    @Test
    void a_signed_event_verifies_and_names_its_key_and_producer() {
        byte[] value = new EventSigner(CASE).sign(referralSent("/samverkan/case-service"));

        VerifiedEvent verified = VERIFIER.verify(Topics.CASE_EVENTS, value);

        assertThat(verified.keyId()).isEqualTo("case-service/t1");
        assertThat(verified.producer()).isEqualTo(EventProducer.CASE_SERVICE);
        assertThat(verified.event().type()).isEqualTo("se.samverkan.case.referral-sent.v1");
        assertThat(new String(value, StandardCharsets.UTF_8)).contains("\"signaturekeyid\":\"case-service/t1\"")
                .matches("(?s).*,\"signature\":\"[A-Za-z0-9_-]{86}\"}$");
    }

    @Test
    void the_record_of_the_issue_unsigned_and_claiming_case_service_is_refused() {
        byte[] forged = CloudEventCodec.toBytes(referralSent("/samverkan/case-service"));

        assertThatThrownBy(() -> VERIFIER.verify(Topics.CASE_EVENTS, forged)).isInstanceOfSatisfying(ForgedEventException.class,
                e -> assertThat(e.reason()).isEqualTo(ForgedEventException.Reason.UNSIGNED));
    }

    @Test
    void every_byte_of_the_signed_part_is_covered() {
        byte[] value = new EventSigner(CASE).sign(referralSent("/samverkan/case-service"));
        String text = new String(value, StandardCharsets.UTF_8);
        int at = text.indexOf("polisen-haninge");
        byte[] changed = value.clone();
        changed[at] = 'P';

        assertThatThrownBy(() -> VERIFIER.verify(Topics.CASE_EVENTS, changed)).isInstanceOfSatisfying(ForgedEventException.class,
                e -> assertThat(e.reason()).isEqualTo(ForgedEventException.Reason.BAD_SIGNATURE));
    }

    @Test
    void a_service_with_a_valid_key_cannot_speak_for_another() {
        // notification-service signs honestly but claims to be case-service
        ObjectNode envelope = (ObjectNode) CloudEventCodec.toTree(referralSent("/samverkan/case-service"));
        envelope.put(SignedEnvelope.KEY_ID_ATTRIBUTE, NOTIFICATION.keyId());
        byte[] impersonation = SignedEnvelope.sign(CloudEventCodec.mapper().writeValueAsBytes(envelope), NOTIFICATION.privateKey());
        assertThatThrownBy(() -> VERIFIER.verify(Topics.CASE_EVENTS, impersonation)).isInstanceOfSatisfying(ForgedEventException.class,
                e -> assertThat(e.reason()).isEqualTo(ForgedEventException.Reason.SOURCE_NOT_OF_KEY));

        // ... or as itself, a type that is not its to produce
        byte[] ownName = new EventSigner(NOTIFICATION).sign(referralSent("/samverkan/notification-service"));
        assertThatThrownBy(() -> VERIFIER.verify(Topics.CASE_EVENTS, ownName)).isInstanceOfSatisfying(ForgedEventException.class,
                e -> assertThat(e.reason()).isEqualTo(ForgedEventException.Reason.TYPE_NOT_ALLOWED));
        assertThatThrownBy(() -> new EventSigner(NOTIFICATION).sign(referralSent("/samverkan/case-service")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_newer_type_in_the_producers_own_namespace_is_heard_and_anything_outside_it_is_not() {
        assertThat(EventProducer.CASE_SERVICE.mayProduce("se.samverkan.case.case-opened.v2", Topics.CASE_EVENTS)).isTrue();
        assertThat(EventProducer.CASE_SERVICE.mayProduce("se.samverkan.audit.review-item-raised.v2", Topics.CASE_EVENTS)).isFalse();
        assertThat(EventProducer.CASE_SERVICE.mayProduce("se.samverkan.case.case-opened.v2", Topics.ACCESS_EVENTS)).isFalse();
        assertThat(EventProducer.NOTIFICATION_SERVICE.mayProduce("se.samverkan.case.case-opened.v2", Topics.CASE_EVENTS)).isFalse();
        assertThat(EventProducer.CASE_SERVICE.mayProduce("se.samverkan.case.", Topics.CASE_EVENTS)).isFalse();
        // the log's own entry types exist on no topic, and only audit-service writes them
        assertThat(EventProducer.AUDIT_SERVICE.mayProduce("se.samverkan.audit.forged-event-refused.v1", null)).isTrue();
        assertThat(EventProducer.CASE_SERVICE.mayProduce("se.samverkan.audit.forged-event-refused.v1", null)).isFalse();
    }

    @Test
    void a_genuine_event_replayed_onto_another_topic_is_refused() {
        byte[] value = new EventSigner(CASE).sign(referralSent("/samverkan/case-service"));

        assertThatThrownBy(() -> VERIFIER.verify(Topics.ACCESS_EVENTS, value)).isInstanceOfSatisfying(ForgedEventException.class,
                e -> assertThat(e.reason()).isEqualTo(ForgedEventException.Reason.TYPE_NOT_ALLOWED));
    }

    @Test
    void an_unknown_key_and_a_duplicate_member_are_refused() {
        EventKeys.SigningKey stranger = EventKeys.parseSigningKey(EventKeys.generateSigningKey("case-service/stolen-name"));
        byte[] value = new EventSigner(stranger).sign(referralSent("/samverkan/case-service"));
        assertThatThrownBy(() -> VERIFIER.verify(Topics.CASE_EVENTS, value)).isInstanceOfSatisfying(ForgedEventException.class,
                e -> assertThat(e.reason()).isEqualTo(ForgedEventException.Reason.UNKNOWN_KEY));

        // same id as a trusted key, another key: the signature fails
        EventKeys.SigningKey sameName = EventKeys.parseSigningKey(EventKeys.generateSigningKey("case-service/t1"));
        byte[] impostor = new EventSigner(sameName).sign(referralSent("/samverkan/case-service"));
        assertThatThrownBy(() -> VERIFIER.verify(Topics.CASE_EVENTS, impostor)).isInstanceOfSatisfying(ForgedEventException.class,
                e -> assertThat(e.reason()).isEqualTo(ForgedEventException.Reason.BAD_SIGNATURE));

        String duplicated = "{\"type\":\"x\"," + new String(new EventSigner(CASE).sign(referralSent("/samverkan/case-service")),
                StandardCharsets.UTF_8).substring(1);
        assertThatThrownBy(() -> VERIFIER.verify(Topics.CASE_EVENTS, duplicated.getBytes(StandardCharsets.UTF_8)))
                .isNotInstanceOf(ForgedEventException.class).hasMessage("not a JSON envelope");
    }

    @Test
    void keys_round_trip_through_their_text_forms_and_bad_ones_are_named_without_their_material() {
        Map<String, java.security.PublicKey> keys = EventKeys.parsePublicKeys(CASE.publicKeyText());
        assertThat(EventKeys.encodePublic(keys.get("case-service/t1"))).isEqualTo(EventKeys.encodePublic(CASE.publicKey()));
        assertThatThrownBy(() -> EventKeys.parseSigningKey("case-service/x:c2hvcnQ=")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> EventKeys.parseSigningKey("no id here")).hasMessageContaining("<service>/<label>");
        assertThatThrownBy(() -> EventKeys.parsePublicKeys("Case Service:abc")).hasMessageContaining("not 'Case Service'");
    }

    private static CloudEvent referralSent(String source) {
        ObjectNode data = CloudEventCodec.mapper().createObjectNode()
                .put("referralId", UUID.randomUUID().toString())
                .put("policeUnit", "polisen-haninge");
        return new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), URI.create(source),
                "se.samverkan.case.referral-sent.v1", UUID.randomUUID().toString(), Instant.parse("2026-12-01T10:00:00Z"),
                "application/json", null, data);
    }
}
