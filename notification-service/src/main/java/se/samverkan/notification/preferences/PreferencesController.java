package se.samverkan.notification.preferences;

import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.notification.directory.UnitDirectory;
import se.samverkan.notification.routing.NotificationKind;
import se.samverkan.platform.identity.Actor;

import java.util.Set;
import java.util.TreeSet;

/** The caller's own preferences; there is deliberately no way to name another user. */
@RestController
@RequestMapping("/api/preferences")
class PreferencesController {

    record PreferencesView(Set<NotificationKind> mailKinds, MailDelivery delivery,
                           boolean mailAddressKnown) {
    }

    private final PreferencesRepository preferences;
    private final UnitDirectory directory;

    PreferencesController(PreferencesRepository preferences, UnitDirectory directory) {
        this.preferences = preferences;
        this.directory = directory;
    }

    @GetMapping
    PreferencesView get(@AuthenticationPrincipal Actor actor) {
        return view(actor, preferences.of(actor.userId()));
    }

    @PutMapping
    PreferencesView put(@AuthenticationPrincipal Actor actor, @Valid @RequestBody MailPreferences body) {
        preferences.save(actor.userId(), body);
        return view(actor, preferences.of(actor.userId()));
    }

    private PreferencesView view(Actor actor, MailPreferences saved) {
        return new PreferencesView(new TreeSet<>(saved.mailKinds()), saved.delivery(),
                directory.activeEmail(actor.userId()).isPresent());
    }
}
