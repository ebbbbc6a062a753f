package se.samverkan.notification.routing;

import org.springframework.stereotype.Component;
import se.samverkan.notification.directory.UnitDirectory;
import se.samverkan.platform.identity.Role;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Component
public class JdbcRoutingLookup implements RoutingLookup {

    private final CaseRoutes caseRoutes;
    private final UnitDirectory directory;

    public JdbcRoutingLookup(CaseRoutes caseRoutes, UnitDirectory directory) {
        this.caseRoutes = caseRoutes;
        this.directory = directory;
    }

    @Override
    public Optional<CaseRoute> caseRoute(UUID caseId) {
        return caseRoutes.find(caseId);
    }

    @Override
    public boolean caseCleared(UUID caseId) {
        return caseRoutes.isCleared(caseId);
    }

    @Override
    public Optional<String> policeUnitOf(UUID referralId) {
        return caseRoutes.policeUnitOf(referralId);
    }

    @Override
    public List<String> usersInUnit(String municipality, String unit, Role role) {
        return directory.usersInUnit(municipality, unit, role);
    }

    @Override
    public List<String> usersInMunicipality(String municipality, Role role) {
        return directory.usersInMunicipality(municipality, role);
    }

    @Override
    public List<String> usersEverywhere(Role role) {
        return directory.usersEverywhere(role);
    }

    @Override
    public List<String> policeLiaisons(String policeUnit) {
        return directory.policeLiaisons(policeUnit);
    }

    @Override
    public List<String> activeStaffOf(String municipality, String unit, Collection<String> userIds) {
        return directory.activeStaffOf(municipality, unit, userIds);
    }

    @Override
    public boolean isActiveIn(String userId, se.samverkan.contracts.Agency agency, String unit) {
        return directory.isActiveIn(userId, agency, unit);
    }
}
