package se.samverkan.cases.core;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import se.samverkan.cases.domain.Personnummer;
import se.samverkan.cases.domain.Subject;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.platform.problem.ClientProblem;

import java.time.LocalDate;
import java.util.List;

import static se.samverkan.cases.core.Bounds.ID_NUMBER;

/** The subject of a case as a request names it: opening a case and a police report both take one. */
public final class Subjects {

    public record GuardianInput(@NotBlank @Size(max = ID_NUMBER) String personalIdentityNumber,
                                @NotBlank @Size(max = 200) String name) {
    }

    public record SubjectInput(@NotBlank @Size(max = ID_NUMBER) String personalIdentityNumber,
                               @NotBlank @Size(max = 200) String name, LocalDate dateOfBirth,
                               @Size(max = 500) String address, @Size(max = 10) List<@Valid GuardianInput> guardians,
                               ProtectedIdentity protectedIdentity) {
    }

    private Subjects() {
    }

    public static Subject of(SubjectInput input) {
        Personnummer personnummer = Personnummer.parse(input.personalIdentityNumber());
        if (input.dateOfBirth() != null && !input.dateOfBirth().equals(personnummer.dateOfBirth())) {
            throw ClientProblem.badRequest("date-of-birth-mismatch",
                    "dateOfBirth does not match the date in the personal identity number");
        }
        var guardians = input.guardians() == null ? List.<Subject.Guardian>of() : input.guardians().stream()
                .map(g -> new Subject.Guardian(Personnummer.parse(g.personalIdentityNumber()).value(), g.name()))
                .toList();
        return new Subject(personnummer.value(), input.name(), personnummer.dateOfBirth(), input.address(), guardians,
                input.protectedIdentity());
    }
}
