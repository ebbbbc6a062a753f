package se.samverkan.audit.reconcile;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.audit.compliance.AuditReads;
import se.samverkan.audit.compliance.MunicipalityScope;
import se.samverkan.platform.identity.Actor;

import java.util.Map;

@RestController
public class ReconciliationController {

    private final Reconciliation reconciliation;
    private final AuditReads reads;

    public ReconciliationController(Reconciliation reconciliation, AuditReads reads) {
        this.reconciliation = reconciliation;
        this.reads = reads;
    }

    @Operation(summary = "The latest reconciliation of the log with case-service's publication manifests")
    @GetMapping("/api/audit/reconciliation")
    public Reconciliation.Report report(@AuthenticationPrincipal Actor officer) {
        MunicipalityScope scope = MunicipalityScope.of(officer);
        Reconciliation.Report report = reconciliation.report(scope);
        reads.record(officer, "reconciliation-report", Map.of("municipality", scope.municipality()), report.discrepancies().size(), null);
        return report;
    }
}
