package se.samverkan.cases.effects;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.cases.access.AccessGuard;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.access.AccessRequest;
import se.samverkan.cases.effects.EffectFigures.FiguresView;
import se.samverkan.contracts.Program;
import se.samverkan.platform.identity.Actor;

import java.nio.charset.StandardCharsets;

import static se.samverkan.cases.access.Operation.READ_EFFECT_FIGURES;

/**
 * The steering group's effect figures for the municipality's analysts (issue 15): cohort figures per program,
 * complete period and concern group, small groups suppressed. JSON, or the same rows as CSV. Every read is an access
 * event; nobody but the municipality's own analysts gets past the policy.
 */
@RestController
@RequestMapping("/api/effects/municipalities/{municipality}")
public class EffectsController {

    private final EffectFigures figures;
    private final AccessGuard guard;

    public EffectsController(EffectFigures figures, AccessGuard guard) {
        this.figures = figures;
        this.guard = guard;
    }

    @GetMapping("/figures")
    @AccessOperation(READ_EFFECT_FIGURES)
    public FiguresView figures(@AuthenticationPrincipal Actor actor, @PathVariable String municipality,
                               @RequestParam(required = false) Program program, @RequestParam(required = false) String from,
                               @RequestParam(required = false) String to) {
        guard.require(AccessRequest.forUnit(actor, READ_EFFECT_FIGURES, municipality, null), null, null, "Municipality " + municipality);
        return figures.figures(municipality, program, from, to);
    }

    @GetMapping(value = "/figures.csv", produces = "text/csv")
    @AccessOperation(READ_EFFECT_FIGURES)
    public ResponseEntity<byte[]> csv(@AuthenticationPrincipal Actor actor, @PathVariable String municipality,
                                      @RequestParam(required = false) Program program, @RequestParam(required = false) String from,
                                      @RequestParam(required = false) String to) {
        guard.require(AccessRequest.forUnit(actor, READ_EFFECT_FIGURES, municipality, null), null, null, "Municipality " + municipality);
        FiguresView view = figures.figures(municipality, program, from, to);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"effect-figures-" + view.municipality() + "-"
                        + view.asOf() + ".csv\"")
                .body(EffectFiguresCsv.of(view).getBytes(StandardCharsets.UTF_8));
    }
}
