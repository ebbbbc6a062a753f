package se.samverkan.notification.directory;

import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.problem.ClientProblem;

import java.util.List;
import java.util.UUID;

/**
 * Administrators read the directory copy and may suspend (or lift the suspension of) notifications to a user. Who
 * works where, with which roles and which mail address is Keycloak's: this API cannot create users or change those.
 */
@RestController
@RequestMapping("/api/directory/users")
class DirectoryController {

    private final UnitDirectory directory;
    private final DirectoryEdits edits;

    DirectoryController(UnitDirectory directory, DirectoryEdits edits) {
        this.directory = directory;
        this.edits = edits;
    }

    /** The administrator's own municipality's people: another municipality's staff and mail addresses are not hers to read. */
    @GetMapping
    List<DirectoryView> list(@AuthenticationPrincipal Actor actor) {
        return directory.entries().stream().filter(entry -> DirectoryEdits.administers(actor, entry)).map(DirectoryView::of).toList();
    }

    @PutMapping("/{userId}")
    DirectoryView put(@AuthenticationPrincipal Actor actor, @PathVariable UUID userId, @Valid @RequestBody DirectoryUser user) {
        // a user's id is her Keycloak id, a UUID: anything else names no one who could exist, and is refused before the
        // attempt becomes an event (whose userId the audit log would keep for ever, whatever was typed into it)
        if (!userId.toString().equals(user.userId())) {
            throw ClientProblem.badRequest("user-id-mismatch",
                    "The userId in the body (" + user.userId() + ") must equal the one in the path (" + userId + ")");
        }
        List<String> unknown = user.roles().stream().filter(role -> Role.fromRealmRole(role).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw ClientProblem.badRequest("unknown-role", "Unknown realm role(s) " + unknown + "; use the realm's names, e.g. "
                    + List.of(Role.values()).stream().map(Role::realmRoleName).toList());
        }
        return DirectoryView.of(edits.apply(actor, user));
    }
}
