package se.samverkan.cases.config;

import se.samverkan.cases.domain.CaseCommand;
import se.samverkan.contracts.Agency;
import se.samverkan.platform.problem.ClientProblem;

import java.util.List;

/**
 * The one check that every unit and municipality a command names is a configured code (issue 10, item 6). Fixed
 * vocabularies (measure types, outcomes, reasons, purposes) are enums in the commands already; this covers the
 * configured lists. Spring-free; the switch covers every command, so a new command with a unit field is seen here.
 */
public final class CodeLists {

    private final CodeListProperties lists;

    public CodeLists(CodeListProperties lists) {
        this.lists = lists;
    }

    /** Throws 422 {@code unknown-code} naming the field and the allowed codes. */
    public void requireKnown(CaseCommand command) {
        switch (command) {
            case CaseCommand.OpenCase c -> {
                requireMunicipality("municipality", c.municipality());
                requireUnit("unit", c.unit(), Agency.SOCIAL_SERVICES, c.municipality());
            }
            case CaseCommand.ReceiveReport c -> {
                requireMunicipality("receivingMunicipality", c.municipality());
                requireUnit("receivingUnit", c.unit(), Agency.SOCIAL_SERVICES, c.municipality());
            }
            case CaseCommand.ForwardReport c -> {
                requireMunicipality("toMunicipality", c.toMunicipality());
                requireUnit("toUnit", c.toUnit(), Agency.SOCIAL_SERVICES, c.toMunicipality());
            }
            case CaseCommand.ShareCase c -> {
                requireMunicipality("partnerMunicipality", c.partnerMunicipality());
                requireUnit("partnerUnit", c.partnerUnit(), Agency.SOCIAL_SERVICES, c.partnerMunicipality());
            }
            case CaseCommand.RecordCostShare c -> requireMunicipality("payerMunicipality", c.payerMunicipality());
            case CaseCommand.RecordConsent c -> requireUnit("recipientUnit", c.recipientUnit(), c.recipientAgency(), null);
            case CaseCommand.CreateReferral c -> requireUnit("policeUnit", c.policeUnit(), Agency.POLICE, null);
            case CaseCommand.RecordCoordinationMeeting c -> {
                var participants = c.participants() == null ? java.util.List.<CaseCommand.RecordCoordinationMeeting.NewParticipant>of()
                        : c.participants();
                for (int i = 0; i < participants.size(); i++) {
                    var p = participants.get(i);
                    if (p.organisation() != null) {
                        requireUnit("participants[" + i + "].organisation", p.organisation(), p.agency(), null);
                    }
                }
            }
            default -> {
                // no unit or municipality named by the caller
            }
        }
    }

    public void requireMunicipality(String field, String code) {
        if (lists.municipalities().stream().noneMatch(m -> m.code().equals(code))) {
            throw ClientProblem.unknownCode(field, lists.municipalities().stream().map(CodeListProperties.Municipality::code).toList());
        }
    }

    /** {@code municipality} null: any municipality's unit of that agency. */
    public void requireUnit(String field, String code, Agency agency, String municipality) {
        List<CodeListProperties.Unit> allowed = units(agency, municipality);
        if (allowed.stream().noneMatch(u -> u.code().equals(code))) {
            throw ClientProblem.unknownCode(field, allowed.stream().map(CodeListProperties.Unit::code).toList());
        }
    }

    public List<CodeListProperties.Unit> units(Agency agency, String municipality) {
        return lists.units().stream()
                .filter(u -> u.agency() == agency && (municipality == null || municipality.equals(u.municipality())))
                .toList();
    }

    /** A configured unit by its code, whatever its agency: 422 {@code unknown-code} naming {@code field} otherwise. */
    public CodeListProperties.Unit unit(String field, String code) {
        return lists.units().stream().filter(u -> u.code().equals(code)).findFirst()
                .orElseThrow(() -> ClientProblem.unknownCode(field, lists.units().stream().map(CodeListProperties.Unit::code).toList()));
    }

    public CodeListProperties lists() {
        return lists;
    }
}
