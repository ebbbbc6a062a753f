package se.samverkan.cases.subjectaccess;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.signing.SignedEnvelope;
import tools.jackson.databind.node.ObjectNode;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;

/**
 * The subject access export reads disclosures (police and partner reads) from the access outbox itself: a row someone
 * put there with the service's database credentials is never sent (the relay sets it aside as forged), and must not
 * be told to the subject as a disclosure that happened either. Rows from before the service signed at the source
 * still count.
 */
class PoliceReadsIT extends IntegrationTest {

    @Autowired
    PoliceReads policeReads;

    private Long lineBefore;

    @AfterEach
    void restoreTheLine() {
        if (lineBefore != null) {
            superuser.sql("UPDATE access_outbox_signing_line SET last_unsigned_position = ?").param(lineBefore).update();
        }
    }

    @Test
    void aPartnerReadTheServiceDidNotWriteIsNoDisclosureAndOneFromBeforeSigningStillIs() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).status()).isEqualTo(200);
        byte[] genuine = superuser.sql("SELECT cloud_event FROM access_outbox WHERE case_id = ? ORDER BY position DESC LIMIT 1")
                .param(caseId.toString()).query((rs, n) -> rs.getBytes(1)).single();
        assertThat(policeReads.partnerReadsOf(caseId, "0136")).as("the case's own social worker is no partner").isEmpty();

        // as the service's database role: "Botkyrka's coordinator read the case", unsigned, marked as sent
        UUID forged = UUID.randomUUID();
        jdbc.sql("INSERT INTO access_outbox (event_id, case_id, cloud_event) VALUES (?, ?, ?)")
                .params(forged, caseId.toString(), partnerRead(genuine, forged)).update();
        jdbc.sql("UPDATE access_outbox SET published_at = now() WHERE event_id = ?").param(forged).update();

        assertThat(policeReads.partnerReadsOf(caseId, "0136")).isEmpty();

        // the same row written by the version before signing at the source (below the line V34 drew) counts
        lineBefore = superuser.sql("SELECT last_unsigned_position FROM access_outbox_signing_line").query(Long.class).single();
        long position = superuser.sql("SELECT position FROM access_outbox WHERE event_id = ?").param(forged).query(Long.class).single();
        superuser.sql("UPDATE access_outbox_signing_line SET last_unsigned_position = ?").param(position).update();

        assertThat(policeReads.partnerReadsOf(caseId, "0136")).singleElement()
                .satisfies(read -> assertThat(read.municipality()).isEqualTo("0127"));
    }

    private static byte[] partnerRead(byte[] genuine, UUID id) {
        ObjectNode made = (ObjectNode) CloudEventCodec.mapper().readTree(genuine);
        made.remove(SignedEnvelope.SIGNATURE_ATTRIBUTE);
        made.remove(SignedEnvelope.KEY_ID_ATTRIBUTE);
        made.put("id", id.toString());
        ObjectNode actor = (ObjectNode) made.get("data").get("actor");
        actor.put("municipality", "0127");
        actor.put("unit", "botkyrka-avhopp");
        return CloudEventCodec.mapper().writeValueAsBytes(made);
    }
}
