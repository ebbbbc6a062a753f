package se.samverkan.platform.directory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.contracts.Agency;
import se.samverkan.platform.identity.Role;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps a service's staff directory (through its {@link DirectoryStore}) in step with Keycloak, the source of truth for who works where. A run first reads the whole
 * realm, then applies it in one transaction: a Keycloak failure half-way changes nothing, and nobody is deactivated
 * because a page failed to load. Users without the agency, municipality and unit attributes cannot be routed and are
 * left out (and so deactivated if the sync had them before).
 */
public class KeycloakDirectorySync {

    /** pg advisory lock key: one run at a time across every instance of the service (each service has its own database). */
    static final long LOCK = 0x5a6e_6f74_6469_7231L;

    private static final Logger log = LoggerFactory.getLogger(KeycloakDirectorySync.class);

    private final KeycloakAdminClient keycloak;
    private final KeycloakDirectoryProperties properties;
    private final DirectoryStore directory;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private volatile Status status = new Status(null, null, null, null);

    public KeycloakDirectorySync(KeycloakAdminClient keycloak, KeycloakDirectoryProperties properties, DirectoryStore directory,
                                 JdbcClient jdbc, TransactionTemplate transaction) {
        this.keycloak = keycloak;
        this.properties = properties;
        this.directory = directory;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    public record Result(int synced, int skipped, int deactivated, boolean ran) {
    }

    /** The outcome of the latest runs on this instance, for the health check. */
    public record Status(Instant lastAttempt, Instant lastSuccess, Result lastResult, String lastError) {
    }

    public Status status() {
        return status;
    }

    /**
     * @throws KeycloakAdminException when Keycloak could not be read; the directory is then unchanged
     */
    public Result run() {
        Instant started = Instant.now();
        try {
            Result result = runOnce();
            status = new Status(started, result.ran() ? started : status.lastSuccess(), result, null);
            return result;
        } catch (RuntimeException e) {
            status = new Status(started, status.lastSuccess(), status.lastResult(),
                    e instanceof KeycloakAdminException ? e.getMessage() : e.getClass().getName());
            throw e;
        }
    }

    private Result runOnce() {
        List<DirectoryEntry> users = new ArrayList<>();
        int skipped = 0;
        int first = 0;
        List<KeycloakUser> page;
        do {
            page = keycloak.users(first, properties.pageSize());
            for (KeycloakUser user : page) {
                Optional<DirectoryEntry> entry = toEntry(user);
                if (entry.isPresent()) {
                    users.add(entry.get());
                } else {
                    skipped++;
                }
            }
            first += page.size();
        } while (page.size() == properties.pageSize());
        if (users.isEmpty()) {
            // an empty answer is far likelier a wrong realm or missing permission than a realm with nobody in it
            throw new KeycloakAdminException("Keycloak realm '" + properties.realm() + "' listed no user with agency, municipality"
                    + " and unit attributes (" + skipped + " without); the directory was left as it is");
        }
        int incomplete = skipped;
        Result result = transaction.execute(status -> {
            boolean locked = jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(LOCK).query(Boolean.class).single();
            if (!locked) {
                return new Result(0, 0, 0, false);
            }
            int deactivated = directory.applyKeycloakSnapshot(List.copyOf(users));
            return new Result(users.size(), incomplete, deactivated, true);
        });
        if (result.ran()) {
            log.info("Directory synced from Keycloak realm {}: {} user(s), {} without routing attributes skipped, {} deactivated",
                    properties.realm(), result.synced(), result.skipped(), result.deactivated());
        } else {
            log.info("Directory sync skipped: another instance is running it");
        }
        return result;
    }

    /** Only Samverkan's realm roles are kept; Keycloak's own (default-roles-*, offline_access) mean nothing here. */
    private Optional<DirectoryEntry> toEntry(KeycloakUser user) {
        String agency = user.attribute("agency");
        String municipality = user.attribute("municipality");
        String unit = user.attribute("unit");
        if (user.id() == null || user.username() == null || agency == null || municipality == null || unit == null
                || Arrays.stream(Agency.values()).noneMatch(known -> known.name().equals(agency))) {
            return Optional.empty();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String role : keycloak.realmRoles(user.id())) {
            Role.fromRealmRole(role).ifPresent(roles::add);
        }
        String email = user.email() == null || user.email().isBlank() ? null : user.email().trim();
        return Optional.of(new DirectoryEntry(user.id(), user.username(), email, Agency.valueOf(agency), municipality, unit,
                roles, user.enabled()));
    }
}
