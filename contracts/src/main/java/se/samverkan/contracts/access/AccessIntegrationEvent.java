package se.samverkan.contracts.access;

import se.samverkan.contracts.IntegrationEvent;

public sealed interface AccessIntegrationEvent extends IntegrationEvent permits AccessRecorded {

    @Override
    default String subject() {
        return caseId() == null ? actor().userId() : caseId().toString();
    }

    java.util.UUID caseId();

    se.samverkan.contracts.ActorRef actor();
}
