package se.samverkan.platform.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestInfrastructureModeTest {

    @Test
    void embeddedUnlessContainersAreAskedFor() {
        assertThat(TestInfrastructureMode.parse(null)).isEqualTo(TestInfrastructureMode.EMBEDDED);
        assertThat(TestInfrastructureMode.parse(" ")).isEqualTo(TestInfrastructureMode.EMBEDDED);
        assertThat(TestInfrastructureMode.parse("Containers")).isEqualTo(TestInfrastructureMode.CONTAINERS);
    }

    @Test
    void aMisspelledModeIsRefusedNotIgnored() {
        assertThatThrownBy(() -> TestInfrastructureMode.parse("docker"))
                .hasMessageContaining("'embedded' or 'containers', not 'docker'");
    }
}
