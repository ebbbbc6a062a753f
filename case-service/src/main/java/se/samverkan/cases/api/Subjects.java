package se.samverkan.cases.api;

import se.samverkan.cases.api.CaseRequests.SubjectInput;
import se.samverkan.cases.domain.Personnummer;
import se.samverkan.cases.domain.Subject;
import se.samverkan.platform.problem.ClientProblem;

public final class Subjects {

    private Subjects() {
    }

    public static Subject of(SubjectInput input) {
        Personnummer personnummer = Personnummer.parse(input.personalIdentityNumber());
        if (input.dateOfBirth() != null && !input.dateOfBirth().equals(personnummer.dateOfBirth())) {
            throw ClientProblem.badRequest("date-of-birth-mismatch",
                    "dateOfBirth does not match the date in the personal identity number");
        }
        var guardians = input.guardians() == null ? java.util.List.<Subject.Guardian>of() : input.guardians().stream()
                .map(g -> new Subject.Guardian(Personnummer.parse(g.personalIdentityNumber()).value(), g.name()))
                .toList();
        return new Subject(personnummer.value(), input.name(), personnummer.dateOfBirth(), input.address(), guardians,
                input.protectedIdentity());
    }
}
