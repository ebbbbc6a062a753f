package se.samverkan.contracts;

public enum Program {
    RAPID_INTERVENTION,
    EXIT_PROGRAM
}
