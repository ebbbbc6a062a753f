package se.samverkan.notification;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import se.samverkan.platform.test.ArchitectureRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "se.samverkan.notification", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule whoIsToldIsDecidedWithoutFrameworkOrStorage = noClasses()
            .that().haveSimpleNameStartingWith("NotificationPlanner").or().haveSimpleNameStartingWith("Planned")
            .or().haveSimpleName("RoutingLookup").or().haveSimpleName("UnitAudience")
            .or().haveSimpleName("DirectoryEditPolicy").or().haveSimpleName("StillHearsOfTheCase")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..",
                    "jakarta..", "org.apache.kafka..")
            .because("who hears about an event, and what they are told, is a plain function tested without a database");

    @ArchTest
    static final ArchRule onlyIngestReadsTheTopics = noClasses()
            .that().resideOutsideOfPackages("se.samverkan.notification.ingest..", "se.samverkan.notification.config..")
            .should().dependOnClassesThat().resideInAPackage("se.samverkan.notification.ingest..")
            .because("events come in at one door; inboxes, mail and routing are fed by it and never reach back");

    @ArchTest
    static final ArchRule routingKnowsNoInbox = noClasses()
            .that().resideInAPackage("se.samverkan.notification.routing..")
            .should().dependOnClassesThat().resideInAnyPackage("se.samverkan.notification.inbox..",
                    "se.samverkan.notification.unitinbox..", "se.samverkan.notification.mail..",
                    "se.samverkan.notification.ingest..")
            .because("routing decides who is told; delivering (inboxes, mail) builds on it, not the reverse");

    @ArchTest
    static final ArchRule controllersTouchNoSql = ArchitectureRules.controllersTouchNoSql();
}
