package se.samverkan.cases.config;

import org.springframework.core.env.Environment;
import se.samverkan.platform.secrets.RequiredSecret;
import se.samverkan.platform.secrets.SecretRequirements;

import java.util.Arrays;
import java.util.List;

/**
 * The keys that protect personal data: without its own, case-service would seal data and derive subject ids with
 * keys anyone can read in the repository. Checked before any bean exists (listed in META-INF/spring.factories).
 */
public class CaseServiceSecrets implements SecretRequirements {

    @Override
    public List<RequiredSecret> requiredSecrets(Environment environment) {
        return List.of(
                RequiredSecret.of("samverkan.cases.subject-pseudonym-key", "32 random bytes in base64: openssl rand -base64 32;"
                        + " never change it afterwards, or the same person gets a new subject id"),
                RequiredSecret.of("samverkan.cases.master-keys", "id:base64 of 32 random bytes, e.g. prod-2027:$(openssl rand -base64 32);"
                                + " keep old ids listed until start-up has re-wrapped every data key")
                        .splitBy(CaseServiceSecrets::keysOnly),
                RequiredSecret.of("spring.datasource.password", "the password of the case_service database role"));
    }

    /** Each key of {@code id:base64,id:base64} on its own, without its id. */
    private static List<String> keysOnly(String masterKeys) {
        return Arrays.stream(masterKeys.split(","))
                .map(entry -> entry.substring(entry.indexOf(':') + 1).strip())
                .toList();
    }
}
