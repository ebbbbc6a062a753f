package se.samverkan.platform.test;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a Spring Boot test at the shared real infrastructure of this JVM: its own database in the one PostgreSQL,
 * the one Kafka broker, and the test identity provider. Use from a {@code @DynamicPropertySource} method.
 */
public final class SamverkanTestInfrastructure {

    private SamverkanTestInfrastructure() {
    }

    public static void register(DynamicPropertyRegistry registry, String database) {
        String url = TestPostgres.database(database);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", TestPostgres::username);
        registry.add("spring.datasource.password", TestPostgres::password);
        registerBrokerAndIdentity(registry);
    }

    /**
     * As a deployment runs it: the service logs in as {@code runtimeRole} (password = its name), which owns nothing in
     * the database; {@code owner} owns it. The caller migrates as the owner before the context starts
     * ({@link TestPostgres#serviceDatabase}).
     */
    public static void register(DynamicPropertyRegistry registry, String database, String owner, String runtimeRole) {
        String url = TestPostgres.serviceDatabase(database, owner, runtimeRole);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> runtimeRole);
        registry.add("spring.datasource.password", () -> runtimeRole);
        registerBrokerAndIdentity(registry);
    }

    private static void registerBrokerAndIdentity(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        registry.add("samverkan.security.issuer", () -> TestIdentityProvider.instance().issuer());
        registry.add("samverkan.security.jwk-set-uri", () -> TestIdentityProvider.instance().jwkSetUri());
    }
}
