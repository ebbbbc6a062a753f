package se.samverkan.localstack;

/** The case the banner's first curl opens and the end-to-end test opens too, with the project's test personnummer. */
public final class FirstCase {

    public static final String JSON = """
            {"program":"RAPID_INTERVENTION","subject":{"personalIdentityNumber":"20100315-9124","name":"Test Testsson",\
            "dateOfBirth":"2010-03-15","address":"Testgatan 1, 136 40 Haninge","guardians":[{"personalIdentityNumber":"19870614-2836","name":"Vera Testsson"}]},"team":[]}""";

    private FirstCase() {
    }
}
