package se.samverkan.cases.domain;

/** The part a partner municipality plays in a shared exit case; the register says which unit may play which. */
public enum PartnerRole {
    PLACEMENT_MUNICIPALITY,
    HOUSING,
    EMPLOYMENT_SUPPORT
}
