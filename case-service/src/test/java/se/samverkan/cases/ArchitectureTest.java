package se.samverkan.cases;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import se.samverkan.platform.test.ArchitectureRules;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "se.samverkan.cases", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainIsFreeOfSpringAndPersistence = noClasses()
            .that().resideInAPackage("se.samverkan.cases.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                    "org.hibernate..", "org.apache.kafka..", "se.samverkan.cases.api..", "se.samverkan.cases.access..")
            .because("the case rules must be testable and readable without any framework but Axon's annotations");

    @ArchTest
    static final ArchRule domainDependsOnNoOtherPackageOfTheService = noClasses()
            .that().resideInAPackage("se.samverkan.cases.domain..")
            .should().dependOnClassesThat(resideInAPackage("se.samverkan.cases..")
                    .and(not(resideInAPackage("se.samverkan.cases.domain.."))))
            .because("the rules of a case are the centre: features, adapters and configuration depend on them, never the reverse");

    @ArchTest
    static final ArchRule controllersTouchNoSql = ArchitectureRules.controllersTouchNoSql();

    @ArchTest
    static final ArchRule accessPolicyIsFreeOfSpring = noClasses()
            .that().haveSimpleNameStartingWith("CaseAccessPolicy").or().haveSimpleName("Decision")
            .or().haveSimpleName("AccessRequest").or().haveSimpleName("CaseFacts").or().haveSimpleName("ReferralFacts")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..", "org.axonframework..")
            .because("one plain policy decides every access and is tested as a matrix");

    @ArchTest
    static final ArchRule domainDoesNotLog = noClasses()
            .that().resideInAPackage("se.samverkan.cases.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.slf4j..", "java.util.logging..")
            .because("domain objects carry personal data, which must never reach a log");
}
