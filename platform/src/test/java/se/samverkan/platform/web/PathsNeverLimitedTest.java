package se.samverkan.platform.web;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class PathsNeverLimitedTest {

    @Test
    void probes_on_the_apis_own_port_are_never_limited() {
        PathsNeverLimited shared = PathsNeverLimited.of(new MockEnvironment().withProperty("server.port", "8081"));
        assertThat(shared.matches(get("/actuator/health/liveness"))).isTrue();
        assertThat(shared.matches(get("/actuator"))).isTrue();
        assertThat(shared.matches(get("/api/cases"))).isFalse();
        assertThat(shared.matches(get("/actuatorx"))).isFalse();
        assertThat(PathsNeverLimited.of(new MockEnvironment().withProperty("server.port", "8081")
                .withProperty("management.server.port", "8081")).matches(get("/actuator/health"))).isTrue();
    }

    @Test
    void with_a_management_port_of_its_own_nothing_on_the_apis_port_passes_the_limits() {
        PathsNeverLimited apart = PathsNeverLimited.of(new MockEnvironment().withProperty("server.port", "8081")
                .withProperty("management.server.port", "9081"));
        // not served here, so only an outsider's flood would take this path past the in-flight bound
        assertThat(apart.matches(get("/actuator/health/liveness"))).isFalse();
        assertThat(apart.matches(get("/actuator/prometheus"))).isFalse();
        assertThat(PathsNeverLimited.of(new MockEnvironment().withProperty("management.server.port", "0"))
                .matches(get("/actuator/health"))).as("a random management port, as in the tests").isFalse();
    }

    private static MockHttpServletRequest get(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setRequestURI(path);
        return request;
    }
}
