package se.samverkan.cases.legalbasis;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.*;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.access.NotCaseData;
import se.samverkan.cases.catalogue.CatalogueChange;
import se.samverkan.cases.catalogue.LegalBasisCatalogues;
import se.samverkan.cases.core.ETags;
import se.samverkan.cases.domain.LegalBasisCondition;
import se.samverkan.cases.domain.LegalBasisRule;
import se.samverkan.platform.identity.Actor;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static se.samverkan.cases.access.Operation.MAINTAIN_LEGAL_BASES;

/**
 * The caller's municipality's legal-basis catalogue (issue 15): every signed-in user reads it (a social worker picks
 * the basis of a referral from it, a police liaison reads which provision data came under); its data-protection role
 * adds a provision as an entry combining the named conditions, changes or retires it. Each change is a new version,
 * with the municipality's decision reference, and an access event in the audit log.
 */
@RestController
@RequestMapping("/api/legal-bases")
public class LegalBasisController {

    public record ConditionView(String code, String label) {
    }

    public record LegalBasisView(String code, String provision, String label, List<LegalBasisCondition> conditions,
                                 boolean fourEyes, boolean national, boolean retired) {
    }

    /**
     * {@code verified}: every version up to this one came through the service (sealed, chained); {@code verification}
     * says how ({@code SEALED}, {@code FROM_BEFORE_SEALS}) or why not ({@code UNSEALED}, {@code CHAIN_BROKEN}: a row
     * put into the database by hand; nothing is disclosed on such a version).
     */
    public record CatalogueView(String municipality, int version, Instant changedAt, String changedBy, String change,
                                String decisionReference, List<LegalBasisView> legalBases, List<ConditionView> conditions,
                                boolean verified, String verification) {
    }

    /** An entry as the data-protection role states it; {@code decisionReference}: the municipality's decision. */
    public record LegalBasisRequest(@NotBlank @Size(max = 100) String provision, @NotBlank @Size(max = 300) String label,
                                    @NotEmpty @Size(max = 10) Set<@NotNull LegalBasisCondition> conditions,
                                    @NotNull Boolean fourEyes, @NotBlank @Size(max = 100) String decisionReference) {
    }

    public record RetirementRequest(@NotBlank @Size(max = 100) String decisionReference) {
    }

    private final LegalBasisCatalogues catalogues;

    public LegalBasisController(LegalBasisCatalogues catalogues) {
        this.catalogues = catalogues;
    }

    /** The current version, or {@code version} (e.g. the one a referral records) to read what it said. */
    @GetMapping
    @NotCaseData
    public ResponseEntity<CatalogueView> read(@AuthenticationPrincipal Actor actor,
                                              @RequestParam(required = false) Integer version) {
        LegalBasisCatalogues.Versioned catalogue = version == null ? catalogues.currentVersioned(actor.municipality())
                : catalogues.at(actor.municipality(), version);
        return answer(catalogue);
    }

    @PutMapping("/{code}")
    @AccessOperation(MAINTAIN_LEGAL_BASES)
    public ResponseEntity<CatalogueView> define(@AuthenticationPrincipal Actor actor, @PathVariable String code,
                                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                @Valid @RequestBody LegalBasisRequest request) {
        Long expected = ETags.parseIfMatch(ifMatch);
        return answer(catalogues.define(actor, () -> new LegalBasisRule(code, request.provision(), request.label(),
                request.conditions(), request.fourEyes(), false, false, 0), expected, request.decisionReference().strip()));
    }

    @PostMapping("/{code}/retirement")
    @AccessOperation(MAINTAIN_LEGAL_BASES)
    public ResponseEntity<CatalogueView> retire(@AuthenticationPrincipal Actor actor, @PathVariable String code,
                                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                @Valid @RequestBody RetirementRequest request) {
        Long expected = ETags.parseIfMatch(ifMatch);
        return answer(catalogues.retire(actor, code, expected, request.decisionReference().strip()));
    }

    private static ResponseEntity<CatalogueView> answer(LegalBasisCatalogues.Versioned versioned) {
        CatalogueChange change = versioned.change();
        CatalogueView view = new CatalogueView(versioned.catalogue().municipality(), versioned.catalogue().version(),
                change.changedAt(), change.changedBy(), change.change(), change.decisionReference(),
                versioned.catalogue().entries().stream().map(r -> new LegalBasisView(r.code(), r.provision(), r.label(),
                        r.conditions().stream().sorted().toList(), r.fourEyes(), r.national(), r.retired())).toList(),
                Arrays.stream(LegalBasisCondition.values()).map(c -> new ConditionView(c.name(), c.label())).toList(),
                versioned.verification().trusted(), versioned.verification().name());
        return ResponseEntity.ok().eTag(ETags.of(view.version())).body(view);
    }
}
