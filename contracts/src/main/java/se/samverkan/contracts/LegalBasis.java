package se.samverkan.contracts;

public enum LegalBasis {
    CONSENT,
    OSL_10_18A,
    OSL_10_2
}
