package se.samverkan.contracts;

public enum DataCategory {
    IDENTITY,
    CONTACT,
    CASE_SUMMARY,
    MEASURES,
    RISK_ASSESSMENT
}
