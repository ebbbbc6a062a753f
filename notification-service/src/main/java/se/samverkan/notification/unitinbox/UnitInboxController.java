package se.samverkan.notification.unitinbox;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.notification.items.PageRequest;
import se.samverkan.notification.routing.UnitAudience;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.problem.ClientProblem;

import java.util.UUID;

/**
 * The shared queue of the caller's own unit, taken from the token's agency, municipality and unit claims: there is no
 * parameter that names a unit, so no way to ask for another one.
 */
@RestController
@RequestMapping("/api/inbox/unit")
class UnitInboxController {

    private final UnitInbox inbox;

    UnitInboxController(UnitInbox inbox) {
        this.inbox = inbox;
    }

    @GetMapping
    UnitInboxPage list(@AuthenticationPrincipal Actor actor,
                       @RequestParam(defaultValue = "false") boolean unclaimed,
                       @RequestParam(defaultValue = "0") int page,
                       @RequestParam(defaultValue = "20") int size) {
        return inbox.page(audience(actor), unclaimed, new PageRequest(page, size));
    }

    @PostMapping("/{id}/claim")
    UnitInboxItem claim(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        UnitAudience audience = audience(actor);
        switch (inbox.claim(audience, id, actor.userId())) {
            case NOT_FOUND -> throw ClientProblem.notFound("Unit inbox item " + id);
            case HELD_BY_OTHER -> throw ClientProblem.conflict("already-claimed", "Unit inbox item " + id
                    + " is already claimed by another member of your unit; ask them, or a supervisor, to release it first");
            case DONE -> { }
        }
        return inbox.find(audience, id).orElseThrow();
    }

    /** A supervisor may release someone else's claim, e.g. when the duty officer went off shift. */
    @PostMapping("/{id}/release")
    UnitInboxItem release(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        UnitAudience audience = audience(actor);
        switch (inbox.release(audience, id, actor.userId(), actor.has(Role.SUPERVISOR))) {
            case NOT_FOUND -> throw ClientProblem.notFound("Unit inbox item " + id);
            case HELD_BY_OTHER -> throw ClientProblem.forbidden("claimed-by-other", "Unit inbox item " + id
                    + " was claimed by another member of your unit; only they or a supervisor of the unit can release it");
            case DONE -> { }
        }
        return inbox.find(audience, id).orElseThrow();
    }

    private static UnitAudience audience(Actor actor) {
        return UnitAudience.of(actor).orElseThrow(() -> ClientProblem.forbidden("no-unit-queue",
                "Your role works no unit queue; unit inboxes are for social workers and supervisors of a social-services unit"
                        + " and police liaisons of a police unit. Your own items are at /api/inbox."));
    }
}
