package se.samverkan.contracts.audit;

import se.samverkan.contracts.EventFamily;
import se.samverkan.contracts.IntegrationEvent;

public sealed interface AuditIntegrationEvent extends IntegrationEvent permits CheckpointIssued, ReviewItemRaised {

    @Override
    default EventFamily family() {
        return new EventFamily.Audit(this);
    }
}
