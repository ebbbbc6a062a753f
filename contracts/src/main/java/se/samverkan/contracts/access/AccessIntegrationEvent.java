package se.samverkan.contracts.access;

import se.samverkan.contracts.IntegrationEvent;

public sealed interface AccessIntegrationEvent extends IntegrationEvent permits AccessRecorded {

    @Override
    default String subject() {
        return caseId() == null ? actor().userId() : caseId().toString();
    }

    @Override
    default se.samverkan.contracts.EventFamily family() {
        return new se.samverkan.contracts.EventFamily.Access(this);
    }

    java.util.UUID caseId();

    se.samverkan.contracts.ActorRef actor();
}
