package se.samverkan.audit.compliance;

import org.springframework.stereotype.Component;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.platform.identity.Actor;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/** Every read of the log is itself appended before the answer goes out: no entry, no answer. */
@Component
public class AuditReads {

    private final Sequencer sequencer;
    private final Clock clock;
    private final se.samverkan.contracts.signing.EventSigner signer;

    public AuditReads(Sequencer sequencer, Clock clock, se.samverkan.contracts.signing.EventSigner signer) {
        this.sequencer = sequencer;
        this.signer = signer;
        this.clock = clock;
    }

    public void record(Actor reader, String operation, Map<String, ?> criteria, long resultCount, UUID caseId) {
        ObjectNode data = Entries.object().put("operation", operation).put("resultCount", resultCount);
        data.set("reader", CloudEventCodec.toTree(reader.toRef()));
        ObjectNode query = data.putObject("criteria");
        criteria.forEach((key, value) -> {
            if (value != null) {
                query.put(key, value.toString());
            }
        });
        sequencer.append(Entries.internal(signer, UUID.randomUUID(), Entries.AUDIT_LOG_READ, reader.userId(), clock.instant(),
                reader.toRef(), caseId, null, data));
    }
}
