package se.samverkan.contracts;

public enum AccessAction {
    READ,
    WRITE
}
