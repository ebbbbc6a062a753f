package se.samverkan.contracts.audit;

import se.samverkan.contracts.EventFamily;
import se.samverkan.contracts.IntegrationEvent;

public sealed interface AuditIntegrationEvent extends IntegrationEvent permits CheckpointIssued, CheckpointCosigned, ReviewItemRaised {

    @Override
    default EventFamily family() {
        return new EventFamily.Audit(this);
    }
}
