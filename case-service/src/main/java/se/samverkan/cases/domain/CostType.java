package se.samverkan.cases.domain;

/** What a municipality pays a share of in a shared exit case. */
public enum CostType {
    PLACEMENT,
    HOUSING,
    EMPLOYMENT_SUPPORT,
    OTHER_SUPPORT
}
