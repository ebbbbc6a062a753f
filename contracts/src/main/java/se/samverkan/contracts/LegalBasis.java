package se.samverkan.contracts;

/**
 * The national legal bases the product knows, whose codes events carry since the first referral: {@code CONSENT}
 * (the subject's consent), {@code OSL_10_18A} (offentlighets- och sekretesslagen 10 kap. 18 a §) and {@code OSL_10_2}
 * (10 kap. 2 §). Their meaning never changes. A municipality adds further provisions to its legal-basis catalogue as
 * data (case-service, issue 15); their codes travel in the same {@code legalBasis} fields as strings, which is why
 * the integration events carry the code as a string rather than this enum.
 */
public enum LegalBasis {
    CONSENT,
    OSL_10_18A,
    OSL_10_2
}
