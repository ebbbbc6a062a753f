package se.samverkan.notification.directory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.access.DirectoryEntryChanged;
import se.samverkan.contracts.access.DirectoryEntryChanged.Change;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.problem.ClientProblem;

import java.net.URI;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies what {@link DirectoryEditPolicy} allows and makes every attempt, allowed or refused, an event for the audit
 * log, written to {@link DirectoryEventOutbox} in the same transaction as the change: an edit is in the log if and
 * only if it was made, and a refused attempt is recorded although the request fails. (The event used to be sent to
 * Kafka before the change committed, so a commit that then failed left the log telling of an edit never made.)
 */
@Service
public class DirectoryEdits {

    static final String SERVICE = "notification-service";
    private static final CloudEventCodec CODEC = new CloudEventCodec(URI.create("/samverkan/notification-service"));

    private final UnitDirectory directory;
    private final DirectoryEventOutbox outbox;
    private final Clock clock;

    public DirectoryEdits(UnitDirectory directory, DirectoryEventOutbox outbox, Clock clock) {
        this.directory = directory;
        this.outbox = outbox;
        this.clock = clock;
    }

    // a refusal is a ClientProblem, and its event must commit though the request fails (nothing else was written)
    @Transactional(noRollbackFor = ClientProblem.class)
    public UnitDirectory.Entry apply(Actor actor, DirectoryUser requested) {
        String userId = requested.userId();
        // another municipality's user reads as unknown: a Haninge administrator neither learns that the user exists nor
        // suspends Botkyrka's compliance officers (whose review items and break-glass notices would stop)
        UnitDirectory.Entry stored = directory.entry(userId).filter(entry -> administers(actor, entry)).orElse(null);
        if (stored == null) {
            audit(actor, userId, Change.CREATE, List.of("userId"), AccessOutcome.DENIED, "directory-user-unknown");
            throw ClientProblem.ruleViolation("directory-user-unknown", "There is no directory entry for user " + userId
                    + ". Users are created in Keycloak and reach this directory through the directory sync; they cannot be "
                    + "created here.");
        }
        List<String> refused = DirectoryEditPolicy.refusedFields(stored.user(), requested);
        if (!refused.isEmpty()) {
            audit(actor, userId, Change.EDIT, refused, AccessOutcome.DENIED, "directory-from-keycloak");
            throw ClientProblem.ruleViolation("directory-from-keycloak", "The field(s) " + refused + " of user " + userId
                    + " come from Keycloak and cannot be changed here; change them in Keycloak (the next directory sync "
                    + "brings them). Here only 'active' can be set: false suspends notifications to the user, true lifts "
                    + "that suspension.");
        }
        if (!requested.active() && !stored.suspended()) {
            // the holders of the roles a municipality keeps are locked first: two administrators suspending its last two
            // compliance officers (or each other) at once would each see the other still there
            Map<Role, Integer> others = new EnumMap<>(Role.class);
            for (Role role : DirectoryEditPolicy.KEPT_ROLES) {
                if (stored.user().roles().contains(role.realmRoleName())) {
                    others.put(role, (int) directory.lockActiveHolders(stored.user().municipality(), role).stream()
                            .filter(holder -> !holder.equals(userId)).count());
                }
            }
            Optional<DirectoryEditPolicy.Refusal> refusal = DirectoryEditPolicy.refusedSuspension(actor.userId(), stored.user(), others);
            if (refusal.isPresent()) {
                audit(actor, userId, Change.SUSPEND, List.of(), AccessOutcome.DENIED, refusal.get().code());
                throw new ClientProblem(refusal.get().status(), refusal.get().code(),
                        refusal.get().status() == 409 ? "Conflict with the current state" : "Forbidden", refusal.get().detail());
            }
        }
        if (!requested.active() && directory.suspend(userId, actor.userId())) {
            audit(actor, userId, Change.SUSPEND, List.of(), AccessOutcome.ALLOWED, null);
        } else if (requested.active() && directory.liftSuspension(userId)) {
            audit(actor, userId, Change.LIFT_SUSPENSION, List.of(), AccessOutcome.ALLOWED, null);
        }
        return directory.entry(userId).orElseThrow();
    }

    /** An administrator administers her own municipality's people, and no one else's. */
    static boolean administers(Actor administrator, UnitDirectory.Entry entry) {
        return administrator.municipality() != null && administrator.municipality().equals(entry.user().municipality());
    }

    private void audit(Actor actor, String userId, Change change, List<String> refusedFields, AccessOutcome outcome,
                       String denialReason) {
        DirectoryEntryChanged event = new DirectoryEntryChanged(actor.toRef(), SERVICE, userId, change, refusedFields,
                outcome, denialReason, clock.instant());
        outbox.record(CODEC.wrap(UUID.randomUUID(), clock.instant(), event));
    }
}
