package se.samverkan.cases.domain;

import se.samverkan.contracts.vocabulary.ConsentPurpose;

import java.util.Optional;

/**
 * The named checks a legal basis of the catalogue combines (issue 15). Each is implemented here, in code, and nowhere
 * else; a municipality's catalogue entry only names which of them its provision requires, so a new provision is data
 * while what a check means stays reviewed code. The stored names are part of the event store (they are recorded with
 * every disclosure), so a constant is never renamed. {@link #CONSENT_COVERS_DISCLOSURE} is checked by
 * {@link ConsentCoverage}, whose refusals are the older, more specific ones.
 */
public enum LegalBasisCondition {

    CONSENT_COVERS_DISCLOSURE("Ett giltigt samtycke omfattar mottagaren, uppgiftskategorierna och ändamålet"),
    SUBJECT_UNDER_21_AT_DISCLOSURE("Den enskilde har inte fyllt 21 år den dag uppgiften lämnas"),
    SUBJECT_UNDER_18_AT_DISCLOSURE("Den enskilde har inte fyllt 18 år den dag uppgiften lämnas"),
    PURPOSE_IS_CRIME_PREVENTION("Uppgiften lämnas för att förebygga brott"),
    WEIGHING_OF_INTERESTS_WRITTEN("En skriftlig intresseavvägning finns");

    static final int MIN_WEIGHING_LENGTH = 20;

    private final String label;

    LegalBasisCondition(String label) {
        this.label = label;
    }

    /** Swedish, for the catalogue a compliance officer reads. */
    public String label() {
        return label;
    }

    /**
     * Why this condition does not hold for the disclosure, empty when it does. The reason names what is missing but
     * never the subject's date of birth or identity number: problems reach clients and may be logged.
     */
    public Optional<String> failureIn(Disclosure d) {
        return switch (this) {
            case CONSENT_COVERS_DISCLOSURE -> ConsentCoverage.problem(d).map(Throwable::getMessage);
            case SUBJECT_UNDER_21_AT_DISCLOSURE -> youngerThan(21, d);
            case SUBJECT_UNDER_18_AT_DISCLOSURE -> youngerThan(18, d);
            case PURPOSE_IS_CRIME_PREVENTION -> d.purpose() == ConsentPurpose.CRIME_PREVENTION ? Optional.empty()
                    : Optional.of(d.purpose() == null
                    ? "the referral states no purpose; this provision applies only to preventing crime: send the field"
                    + " \"purpose\": \"CRIME_PREVENTION\" (the only allowed value for this legal basis)"
                    : "the referral's purpose is " + d.purpose().name() + "; this provision applies only to preventing crime (CRIME_PREVENTION)");
            case WEIGHING_OF_INTERESTS_WRITTEN -> d.weighingOfInterests() != null
                    && d.weighingOfInterests().strip().length() >= MIN_WEIGHING_LENGTH ? Optional.empty()
                    : Optional.of("a written weighing of interests (weighingOfInterests, at least " + MIN_WEIGHING_LENGTH
                    + " characters) is required");
        };
    }

    private static Optional<String> youngerThan(int years, Disclosure d) {
        if (d.subject() == null) {
            return Optional.of("the subject's age cannot be established: no personal identity number is held");
        }
        return d.subject().isYoungerThanOn(years, d.day()) ? Optional.empty()
                : Optional.of("the subject has turned " + years + " by the day of disclosure (" + d.day()
                + "); this provision applies only to persons under " + years + " when the data leaves");
    }
}
