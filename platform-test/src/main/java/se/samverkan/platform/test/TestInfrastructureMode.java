package se.samverkan.platform.test;

import java.util.Locale;

/**
 * Where this JVM's shared PostgreSQL and Kafka come from: embedded binaries (the default, no Docker needed) or the
 * official images through Testcontainers, chosen with {@code -Dsamverkan.test.infrastructure=containers} or
 * {@code SAMVERKAN_TEST_INFRASTRUCTURE=containers}. The build's {@code docker} profile re-runs the integration tests
 * in the second mode whenever a Docker engine is present.
 */
public enum TestInfrastructureMode {
    EMBEDDED,
    CONTAINERS;

    static final String PROPERTY = "samverkan.test.infrastructure";
    static final String ENVIRONMENT = "SAMVERKAN_TEST_INFRASTRUCTURE";

    public static TestInfrastructureMode current() {
        return parse(System.getProperty(PROPERTY, System.getenv(ENVIRONMENT)));
    }

    static TestInfrastructureMode parse(String value) {
        if (value == null || value.isBlank()) {
            return EMBEDDED;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + " is 'embedded' or 'containers', not '" + value + "'", e);
        }
    }
}
