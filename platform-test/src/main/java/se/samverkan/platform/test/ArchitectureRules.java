package se.samverkan.platform.test;

import com.tngtech.archunit.lang.ArchRule;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The architecture rules every service holds; each service's ArchitectureTest adds its own. */
public final class ArchitectureRules {

    private ArchitectureRules() {
    }

    /**
     * A controller speaks HTTP and decides access; what it reads comes from a query class next to the read model, so
     * a query is written once and a reader of the controller finds no SQL to check.
     */
    public static ArchRule controllersTouchNoSql() {
        return noClasses().that().areAnnotatedWith(RestController.class)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "javax.sql..",
                        "java.sql..", "jakarta.persistence..", "org.hibernate..")
                .because("read-model SQL lives in one query class next to its projection, not in controllers");
    }
}
