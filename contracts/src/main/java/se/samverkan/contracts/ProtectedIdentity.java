package se.samverkan.contracts;

public enum ProtectedIdentity {
    NONE,
    SEKRETESSMARKERING,
    SKYDDAD_FOLKBOKFORING,
    FINGERADE_PERSONUPPGIFTER
}
