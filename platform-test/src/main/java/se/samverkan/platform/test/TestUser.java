package se.samverkan.platform.test;

import se.samverkan.contracts.Agency;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.identity.Role;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The demo users of {@code infra/keycloak/samverkan-realm.json}, with the same ids and claims, so tests and the
 * local stack speak about the same people.
 */
public record TestUser(String id, String username, Set<Role> roles, Agency agency, String municipality, String unit, String email) {

    public static final String HANINGE = "0136";
    public static final String BOTKYRKA = "0127";
    public static final String YOUTH_UNIT = "haninge-ungdom";
    public static final String EXIT_UNIT = "haninge-avhopp";
    public static final String POLICE_UNIT = "polisen-haninge";

    public static final TestUser SOCIAL_WORKER = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b01", "anna",
            EnumSet.of(Role.SOCIAL_WORKER), Agency.SOCIAL_SERVICES, HANINGE, YOUTH_UNIT, "anna@haninge.example");
    public static final TestUser SOCIAL_WORKER_COLLEAGUE = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b07", "amir",
            EnumSet.of(Role.SOCIAL_WORKER), Agency.SOCIAL_SERVICES, HANINGE, YOUTH_UNIT, "amir@haninge.example");
    public static final TestUser SOCIAL_WORKER_OTHER_UNIT = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b02", "bertil",
            EnumSet.of(Role.SOCIAL_WORKER), Agency.SOCIAL_SERVICES, HANINGE, EXIT_UNIT, "bertil@haninge.example");
    public static final TestUser SUPERVISOR = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b03", "cecilia",
            EnumSet.of(Role.SUPERVISOR), Agency.SOCIAL_SERVICES, HANINGE, YOUTH_UNIT, "cecilia@haninge.example");
    public static final TestUser POLICE_LIAISON = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b04", "david",
            EnumSet.of(Role.POLICE_LIAISON), Agency.POLICE, HANINGE, POLICE_UNIT, "david@polisen.example");
    public static final TestUser COMPLIANCE_OFFICER = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b05", "eva",
            EnumSet.of(Role.COMPLIANCE_OFFICER), Agency.MUNICIPALITY, HANINGE, "haninge-dataskydd", "eva@haninge.example");
    public static final TestUser ADMINISTRATOR = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b06", "frida",
            EnumSet.of(Role.ADMINISTRATOR), Agency.MUNICIPALITY, HANINGE, "haninge-it", "frida@haninge.example");
    public static final TestUser EXIT_COORDINATOR = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b08", "goran",
            EnumSet.of(Role.EXIT_COORDINATOR), Agency.SOCIAL_SERVICES, BOTKYRKA, "botkyrka-avhopp", "goran@botkyrka.example");

    /** The demo partner's second exit coordinator (issue 14): a share names one of them, the other sees nothing. */
    public static final TestUser EXIT_COORDINATOR_COLLEAGUE = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b10", "gunilla",
            EnumSet.of(Role.EXIT_COORDINATOR), Agency.SOCIAL_SERVICES, BOTKYRKA, "botkyrka-avhopp", "gunilla@botkyrka.example");

    /** A compliance officer of another municipality: she may read nothing of Haninge's audit log. */
    public static final TestUser COMPLIANCE_OFFICER_BOTKYRKA = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b0e", "hanna",
            EnumSet.of(Role.COMPLIANCE_OFFICER), Agency.MUNICIPALITY, BOTKYRKA, "botkyrka-dataskydd", "hanna@botkyrka.example");

    /** A school counsellor (skolkurator): reports concerns and takes part in joint action plans (issue 15). */
    public static final TestUser SCHOOL_COUNSELLOR = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b15", "ingrid",
            EnumSet.of(Role.CONCERN_REPORTER), Agency.MUNICIPALITY, HANINGE, "haninge-skola", "ingrid@haninge.example");

    /** A field assistant (fältassistent): reports concerns through the same intake as the school. */
    public static final TestUser FIELD_ASSISTANT = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b16", "jonas",
            EnumSet.of(Role.CONCERN_REPORTER), Agency.MUNICIPALITY, HANINGE, "haninge-faltassistenter", "jonas@haninge.example");

    /** The municipality's analyst: effect figures for the steering group, never a case. */
    public static final TestUser ANALYST = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6e15", "alva",
            EnumSet.of(Role.ANALYST), Agency.MUNICIPALITY, HANINGE, "haninge-analys", "alva@haninge.example");

    public static List<TestUser> all() {
        return List.of(SOCIAL_WORKER, SOCIAL_WORKER_COLLEAGUE, SOCIAL_WORKER_OTHER_UNIT, SUPERVISOR, POLICE_LIAISON,
                COMPLIANCE_OFFICER, ADMINISTRATOR, EXIT_COORDINATOR, EXIT_COORDINATOR_COLLEAGUE, COMPLIANCE_OFFICER_BOTKYRKA,
                SCHOOL_COUNSELLOR, FIELD_ASSISTANT, ANALYST);
    }

    public Actor actor() {
        return new Actor(id, roles, agency, municipality, unit);
    }

    public String token() {
        return TestIdentityProvider.instance().token(this);
    }

    public String bearer() {
        return "Bearer " + token();
    }
}
