package se.samverkan.contracts;

public enum Agency {
    SOCIAL_SERVICES,
    POLICE,
    MUNICIPALITY
}
