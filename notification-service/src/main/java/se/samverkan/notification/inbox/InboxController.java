package se.samverkan.notification.inbox;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import se.samverkan.notification.items.PageRequest;
import se.samverkan.notification.routing.UnitAudience;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The caller's own inbox. The user id always comes from the token, so there is no way to ask for someone else's. */
@RestController
@RequestMapping("/api/inbox")
class InboxController {

    private final Inbox inbox;
    private final InboxStream stream;

    InboxController(Inbox inbox, InboxStream stream) {
        this.inbox = inbox;
        this.stream = stream;
    }

    @GetMapping
    InboxPage list(@AuthenticationPrincipal Actor actor,
                   @RequestParam(defaultValue = "false") boolean unread,
                   @RequestParam(required = false) UUID caseId,
                   @RequestParam(defaultValue = "0") int page,
                   @RequestParam(defaultValue = "20") int size) {
        return inbox.page(actor.userId(), unread, caseId, new PageRequest(page, size));
    }

    @PostMapping("/{id}/read")
    ResponseEntity<Void> markRead(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        if (!inbox.markRead(actor.userId(), id)) {
            throw ClientProblem.notFound("Inbox item " + id);
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/read-all")
    Map<String, Integer> markAllRead(@AuthenticationPrincipal Actor actor) {
        return Map.of("markedRead", inbox.markAllRead(actor.userId()));
    }

    /**
     * Server-Sent Events of the caller's new items and of their unit queue's, until the caller's token expires; a
     * reconnect with Last-Event-ID first gets what it missed.
     */
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@AuthenticationPrincipal Actor actor, Authentication authentication,
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        UUID lastSeen = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                lastSeen = UUID.fromString(lastEventId.trim());
            } catch (IllegalArgumentException e) {
                throw ClientProblem.badRequest("invalid-last-event-id",
                        "Last-Event-ID must be the id of an inbox item (a UUID) as sent by this stream; got '" + lastEventId + "'");
            }
        }
        return stream.subscribe(actor.userId(), UnitAudience.of(actor), lastSeen, expiry(authentication));
    }

    /**
     * When the token the stream is opened with expires: the stream ends then, so a user disabled in Keycloak or moved to
     * another unit since is not fed her old unit's items for the rest of the stream's timeout. The client reconnects
     * with a fresh token (and Last-Event-ID), which says who she is and where she works now.
     */
    private static Instant expiry(Authentication authentication) {
        return authentication instanceof JwtAuthenticationToken token ? token.getToken().getExpiresAt() : null;
    }
}
