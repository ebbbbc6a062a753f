package se.samverkan.cases.domain;

import java.util.Optional;

/** Who works where, as this service's copy of the Keycloak directory has it; injected into the command handlers. */
public interface StaffDirectory {

    Optional<StaffMember> find(String userId);
}
