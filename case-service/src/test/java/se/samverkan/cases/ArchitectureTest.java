package se.samverkan.cases;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.core.domain.JavaClass;
import se.samverkan.platform.test.ArchitectureRules;

import java.util.List;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "se.samverkan.cases", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainIsFreeOfSpringAndPersistence = noClasses()
            .that().resideInAPackage("se.samverkan.cases.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                    "org.hibernate..", "org.apache.kafka..", "se.samverkan.cases.core..", "se.samverkan.cases.access..")
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

    private static final String CASES = "se.samverkan.cases.";

    /** One package per feature: its controller, request and view records, and what only it uses. */
    static final List<String> FEATURES = List.of("casework", "consent", "referral", "police", "deadlines", "retention", "partnership",
            "subjectaccess", "breakglass", "reports", "vocabulary", "intake", "legalbasis", "actionplan", "effects");

    /** What features may share: the web plumbing, the policy, the write path, the rules, configuration and stores. */
    static final List<String> SHARED = List.of("core", "access", "application", "domain", "config", "idempotency",
            "projection", "privacy", "catalogue");

    @ArchTest
    static final ArchRule featuresDoNotDependOnEachOther = slices().assignedFrom(new SliceAssignment() {
                @Override
                public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                    return FEATURES.stream().filter(f -> javaClass.getPackageName().equals(CASES + f)
                                    || javaClass.getPackageName().startsWith(CASES + f + "."))
                            .findFirst().map(SliceIdentifier::of).orElse(SliceIdentifier.ignore());
                }

                @Override
                public String getDescription() {
                    return "feature packages " + FEATURES;
                }
            })
            .should().notDependOnEachOther()
            .because("a feature is changed in one package; what two features share belongs in core (or access, application, domain)");

    @ArchTest
    static final ArchRule featuresDependOnlyOnTheSharedPackages = noClasses()
            .that().resideInAnyPackage(packages(FEATURES))
            .should().dependOnClassesThat(resideInAPackage("se.samverkan.cases..")
                    .and(not(resideInAnyPackage(packages(SHARED))))
                    .and(not(resideInAnyPackage(packages(FEATURES)))))
            .because("features reach the rest of the service only through " + SHARED);

    @ArchTest
    static final ArchRule coreKnowsNoFeature = noClasses()
            .that().resideInAPackage(CASES + "core..")
            .should().dependOnClassesThat().resideInAnyPackage(packages(FEATURES))
            .because("the shared web plumbing serves every feature and knows none of them");

    private static String[] packages(List<String> names) {
        return names.stream().map(n -> CASES + n + "..").toArray(String[]::new);
    }
}
