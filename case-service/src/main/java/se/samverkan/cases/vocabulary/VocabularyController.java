package se.samverkan.cases.vocabulary;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.*;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.access.NotCaseData;
import se.samverkan.cases.catalogue.CatalogueChange;
import se.samverkan.cases.catalogue.MunicipalVocabularies;
import se.samverkan.cases.config.CodeLists;
import se.samverkan.cases.core.ETags;
import se.samverkan.cases.domain.MunicipalVocabulary;
import se.samverkan.contracts.Agency;
import se.samverkan.platform.identity.Actor;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static se.samverkan.cases.access.Operation.MAINTAIN_VOCABULARIES;

/**
 * The code lists a client builds its pick lists from: the shared vocabularies as a municipality uses them (its own
 * codes under national ones, relabelled and retired codes, issue 15), with the version, plus the configured
 * municipalities and units. Every signed-in user reads them (the caller's municipality, or any configured one: a
 * police liaison answers referrals of several); a municipality's administrator changes its own.
 */
@RestController
@RequestMapping("/api/vocabularies")
public class VocabularyController {

    /** {@code parent}: the national code a municipality's own code sits under; retired codes stay readable. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Code(String code, String label, String parent, Boolean national, Boolean retired) {
    }

    public record UnitCode(String code, Agency agency, String municipality, String label) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VocabulariesView(String municipality, int version, Instant changedAt, String changedBy, String change,
                                   Map<String, List<Code>> codes, List<Code> municipalities, List<UnitCode> units) {
    }

    /**
     * A national code relabelled (no parent; no label puts the national one back), or the municipality's own code
     * under the national {@code parent}. Either is reinstated if it was retired.
     */
    public record CodeRequest(@Size(max = 120) String label, @Size(max = 64) String parent,
                              @Size(max = 100) String decisionReference) {
    }

    public record RetirementRequest(@Size(max = 100) String decisionReference) {
    }

    private final CodeLists codeLists;
    private final MunicipalVocabularies vocabularies;

    public VocabularyController(CodeLists codeLists, MunicipalVocabularies vocabularies) {
        this.codeLists = codeLists;
        this.vocabularies = vocabularies;
    }

    @GetMapping
    @NotCaseData
    public ResponseEntity<VocabulariesView> vocabularies(@AuthenticationPrincipal Actor actor,
                                                         @RequestParam(required = false) String municipality,
                                                         @RequestParam(required = false) Integer version) {
        String whose = municipality == null ? actor.municipality() : municipality;
        if (municipality != null) {
            codeLists.requireMunicipality("municipality", municipality);
        }
        return answer(version == null ? vocabularies.currentVersioned(whose) : vocabularies.at(whose, version));
    }

    @PutMapping("/{vocabulary}/codes/{code}")
    @AccessOperation(MAINTAIN_VOCABULARIES)
    public ResponseEntity<VocabulariesView> define(@AuthenticationPrincipal Actor actor, @PathVariable String vocabulary,
                                                   @PathVariable String code,
                                                   @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                   @Valid @RequestBody CodeRequest request) {
        Long expected = ETags.parseIfMatch(ifMatch);
        return answer(vocabularies.define(actor, vocabulary, code, request.parent(), request.label(), expected,
                request.decisionReference()));
    }

    @PostMapping("/{vocabulary}/codes/{code}/retirement")
    @AccessOperation(MAINTAIN_VOCABULARIES)
    public ResponseEntity<VocabulariesView> retire(@AuthenticationPrincipal Actor actor, @PathVariable String vocabulary,
                                                   @PathVariable String code,
                                                   @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                   @Valid @RequestBody(required = false) RetirementRequest request) {
        Long expected = ETags.parseIfMatch(ifMatch);
        return answer(vocabularies.retire(actor, vocabulary, code, expected, request == null ? null : request.decisionReference()));
    }

    private ResponseEntity<VocabulariesView> answer(MunicipalVocabularies.Versioned versioned) {
        MunicipalVocabulary vocabulary = versioned.vocabulary();
        Map<String, List<Code>> codes = new LinkedHashMap<>();
        for (String name : MunicipalVocabulary.vocabularies()) {
            codes.put(name, vocabulary.codes(name).stream()
                    .map(c -> new Code(c.code(), c.label(), c.parent(), c.national(), c.retired())).toList());
        }
        CatalogueChange change = versioned.change();
        VocabulariesView view = new VocabulariesView(vocabulary.municipality(), vocabulary.version(), change.changedAt(),
                change.changedBy(), change.change(), codes,
                codeLists.lists().municipalities().stream().map(m -> new Code(m.code(), m.name(), null, null, null)).toList(),
                codeLists.lists().units().stream().map(u -> new UnitCode(u.code(), u.agency(), u.municipality(), u.label())).toList());
        return ResponseEntity.ok().eTag(ETags.of(view.version())).body(view);
    }
}
