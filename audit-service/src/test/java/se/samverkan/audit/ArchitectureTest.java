package se.samverkan.audit;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import se.samverkan.platform.test.ArchitectureRules;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "se.samverkan.audit", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    // tlog and verify live in the audit-verifier module (JDK only, its one dependency the JDK-only event-signing
    // module, so the build itself refuses a framework import there); these rules read them from the class path too
    @ArchTest
    static final ArchRule logMathsNeedOnlyTheJdk = classes()
            .that().resideInAPackage("..audit.tlog..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", "javax.security..",
                    "..audit.tlog..")
            .allowEmptyShould(true)
            .because("a compliance officer checks proofs with these classes alone, trusting nothing of the service");

    @ArchTest
    static final ArchRule verifierNeedsNoFrameworkAndNothingOfTheService = noClasses()
            .that().resideInAPackage("..audit.verify..")
            .should().dependOnClassesThat(resideInAnyPackage("org.springframework..", "tools.jackson..", "com.fasterxml..",
                            "jakarta..", "org.apache.kafka..")
                    .or(resideInAPackage("se.samverkan.audit..")
                            .and(not(resideInAnyPackage("..audit.tlog..", "..audit.verify..")))))
            .allowEmptyShould(true)
            .because("the offline verifier runs without the service: no framework, no JSON library, none of its classes");

    @ArchTest
    static final ArchRule theLogKnowsNoFeature = noClasses()
            .that().resideInAPackage("se.samverkan.audit.log..")
            .should().dependOnClassesThat().resideInAnyPackage("se.samverkan.audit.compliance..",
                    "se.samverkan.audit.review..", "se.samverkan.audit.reconcile..", "se.samverkan.audit.ingest..",
                    "se.samverkan.audit.web..", "se.samverkan.audit.witness..")
            .because("the append-only log is the core; ingest, review, reconciliation and compliance reads build on it");

    @ArchTest
    static final ArchRule controllersTouchNoSql = ArchitectureRules.controllersTouchNoSql();
}
