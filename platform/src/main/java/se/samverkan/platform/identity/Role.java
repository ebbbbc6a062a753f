package se.samverkan.platform.identity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Keycloak realm roles; the realm spells them in kebab case, e.g. {@code social-worker}. */
public enum Role {
    SOCIAL_WORKER,
    SUPERVISOR,
    POLICE_LIAISON,
    EXIT_COORDINATOR,
    COMPLIANCE_OFFICER,
    ADMINISTRATOR,
    /** School, field-assistant or leisure staff: reports concerns and takes part in joint action plans (issue 15). */
    CONCERN_REPORTER,
    /** The municipality's analyst: cohort figures on pseudonymous ids only, never a case (issue 15). */
    ANALYST;

    public String realmRoleName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Role> fromRealmRole(String realmRole) {
        return Arrays.stream(values()).filter(role -> role.realmRoleName().equals(realmRole)).findFirst();
    }
}
