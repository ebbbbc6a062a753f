package se.samverkan.notification.directory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.access.DirectoryEntryChanged;
import se.samverkan.contracts.access.DirectoryEntryChanged.Change;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.kafka.CloudEventPublisher;
import se.samverkan.platform.problem.ClientProblem;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Applies what {@link DirectoryEditPolicy} allows and makes every attempt, allowed or refused, an event for the audit
 * log. The event is sent before the change commits: an edit the audit log did not receive is rolled back.
 */
@Service
public class DirectoryEdits {

    static final String SERVICE = "notification-service";
    private static final CloudEventCodec CODEC = new CloudEventCodec(URI.create("/samverkan/notification-service"));

    private final UnitDirectory directory;
    private final CloudEventPublisher publisher;
    private final Clock clock;

    public DirectoryEdits(UnitDirectory directory, CloudEventPublisher publisher, Clock clock) {
        this.directory = directory;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Transactional
    public UnitDirectory.Entry apply(Actor actor, DirectoryUser requested) {
        String userId = requested.userId();
        UnitDirectory.Entry stored = directory.entry(userId).orElse(null);
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
        if (!requested.active() && directory.suspend(userId, actor.userId())) {
            audit(actor, userId, Change.SUSPEND, List.of(), AccessOutcome.ALLOWED, null);
        } else if (requested.active() && directory.liftSuspension(userId)) {
            audit(actor, userId, Change.LIFT_SUSPENSION, List.of(), AccessOutcome.ALLOWED, null);
        }
        return directory.entry(userId).orElseThrow();
    }

    private void audit(Actor actor, String userId, Change change, List<String> refusedFields, AccessOutcome outcome,
                       String denialReason) {
        DirectoryEntryChanged event = new DirectoryEntryChanged(actor.toRef(), SERVICE, userId, change, refusedFields,
                outcome, denialReason, clock.instant());
        try {
            publisher.publish(CODEC.wrap(UUID.randomUUID(), clock.instant(), event)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (Exception e) {
            throw unavailable();
        }
    }

    private static ClientProblem unavailable() {
        return new ClientProblem(503, "audit-unavailable", "Service unavailable",
                "The directory edit could not be recorded for the audit log, so it was not made; try again shortly");
    }
}
