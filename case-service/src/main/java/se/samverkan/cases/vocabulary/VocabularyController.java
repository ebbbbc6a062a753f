package se.samverkan.cases.vocabulary;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.cases.access.NotCaseData;
import se.samverkan.cases.config.CodeLists;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.vocabulary.Labelled;
import se.samverkan.contracts.vocabulary.Vocabularies;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The code lists a client builds its pick lists from; read-only, the same for every signed-in user. */
@RestController
@RequestMapping("/api/vocabularies")
public class VocabularyController {

    public record Code(String code, String label) {
    }

    public record UnitCode(String code, Agency agency, String municipality, String label) {
    }

    public record VocabulariesView(Map<String, List<Code>> codes, List<Code> municipalities, List<UnitCode> units) {
    }

    private final CodeLists codeLists;

    public VocabularyController(CodeLists codeLists) {
        this.codeLists = codeLists;
    }

    @GetMapping
    @NotCaseData
    public VocabulariesView vocabularies() {
        Map<String, List<Code>> codes = new LinkedHashMap<>();
        Vocabularies.fixed().forEach((field, type) -> codes.put(field, Arrays.stream(type.getEnumConstants())
                .map(c -> new Code(c.name(), ((Labelled) c).label())).toList()));
        return new VocabulariesView(codes,
                codeLists.lists().municipalities().stream().map(m -> new Code(m.code(), m.name())).toList(),
                codeLists.lists().units().stream().map(u -> new UnitCode(u.code(), u.agency(), u.municipality(), u.label())).toList());
    }
}
