package se.samverkan.cases.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import se.samverkan.cases.access.Operation;
import se.samverkan.cases.application.CaseWrites;
import se.samverkan.cases.domain.CaseCommand;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.idempotency.Idempotency;
import se.samverkan.platform.identity.Actor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What every write on a case does over HTTP, whichever feature's controller it belongs to: the policy check (recorded,
 * before any replay), If-Match, the Idempotency-Key replay, and the answer with the new ETag.
 */
@Component
public class CaseCommandEndpoint {

    public interface CommandFactory {
        CaseCommand create(CaseFile file, Long expectedVersion);
    }

    // a write that made something new (note, measure, consent, referral) answers 201, any other 200
    private static final Set<String> CREATING_WRITES = Set.of("WRITE_CASE:notes", "WRITE_CASE:corrections",
            "WRITE_CASE:measures", "WRITE_CASE:lul-deadlines", "RECORD_CONSENT:consents", "CREATE_REFERRAL:referrals",
            "MANAGE_LEGAL_HOLD:legal-holds");

    private final CaseWrites writes;
    private final Idempotency idempotency;

    public CaseCommandEndpoint(CaseWrites writes, Idempotency idempotency) {
        this.writes = writes;
        this.idempotency = idempotency;
    }

    public ResponseEntity<?> run(Actor actor, UUID caseId, Operation operation, String route, Object request,
                                 String key, String ifMatch, CommandFactory factory, Map<String, ?> ids) {
        Long expected = ETags.parseIfMatch(ifMatch);
        CaseId id = new CaseId(caseId);
        return idempotency.run(actor, key, "/api/cases/" + caseId + "/" + route, request,
                () -> writes.authorize(actor, id, operation), authorized -> {
            long version = writes.write(authorized, file -> factory.create(file, expected));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("caseId", caseId);
            body.put("version", version);
            body.putAll(ids);
            HttpStatus status = CREATING_WRITES.contains(operation.name() + ":" + route.replaceAll(".*/", ""))
                    ? HttpStatus.CREATED : HttpStatus.OK;
            return ResponseEntity.status(status).eTag(CaseController.etag(version)).body(body);
        });
    }
}
