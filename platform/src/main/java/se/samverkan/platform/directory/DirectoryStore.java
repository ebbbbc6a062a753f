package se.samverkan.platform.directory;

import java.util.List;

/**
 * The port through which the shared directory sync writes a service's own copy of the staff directory (each service
 * keeps its own table, with only the columns it needs). Called inside one transaction per run.
 */
public interface DirectoryStore {

    /**
     * Makes the service's copy match Keycloak: every given user upserted as Keycloak states them (the sync owns those
     * entries from now on), and every entry the sync owned before that is not among them deactivated.
     *
     * @return how many entries were deactivated
     */
    int applyKeycloakSnapshot(List<DirectoryEntry> users);

    /** An entry from the deployment's configuration (small deployments, tests); never deactivated by the sync. */
    void upsertConfigured(DirectoryEntry user);
}
