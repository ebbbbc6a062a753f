package se.samverkan.notification.directory;

import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.problem.ClientProblem;

import java.util.List;

/** Administrators (or a sync job with the administrator role) keep the unit directory in step with Keycloak. */
@RestController
@RequestMapping("/api/directory/users")
class DirectoryController {

    private final UnitDirectory directory;

    DirectoryController(UnitDirectory directory) {
        this.directory = directory;
    }

    @GetMapping
    List<DirectoryUser> list() {
        return directory.all();
    }

    @PutMapping("/{userId}")
    DirectoryUser put(@PathVariable String userId, @Valid @RequestBody DirectoryUser user) {
        if (!userId.equals(user.userId())) {
            throw ClientProblem.badRequest("user-id-mismatch",
                    "The userId in the body (" + user.userId() + ") must equal the one in the path (" + userId + ")");
        }
        List<String> unknown = user.roles().stream().filter(role -> Role.fromRealmRole(role).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw ClientProblem.badRequest("unknown-role", "Unknown realm role(s) " + unknown + "; use the realm's names, e.g. "
                    + List.of(Role.values()).stream().map(Role::realmRoleName).toList());
        }
        directory.upsert(user);
        return directory.find(userId).orElseThrow();
    }
}
