package se.samverkan.deploy.prometheus;

import org.junit.jupiter.api.Test;
import se.samverkan.deploy.DebianTool;
import se.samverkan.deploy.RepositoryRoot;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, alerts: infra/prometheus/samverkan-alerts.yml checked by Prometheus' own promtool (Debian's package
 * prometheus), and every alert unit-tested on the series its runbook describes: it fires after its `for`, with the
 * labels and texts an operator receives, and stays silent on a healthy system (samverkan-alerts-test.yml).
 */
class AlertRulesTest {

    static final String DEFAULT_PIN = "pool/main/p/prometheus/prometheus_2.42.0+ds-5+deb12u1_amd64.deb "
            + "81d59a24fce84f7fbe97a45a4f2914b6a5881b5cd1db2a6a0e129e515e1a5f55";
    private static final Path ROOT = RepositoryRoot.find();

    @Test
    void rulesAreValidPrometheusRules() throws Exception {
        String out = promtool().run("check", "rules", ROOT.resolve("infra/prometheus/samverkan-alerts.yml").toString());
        assertThat(out).contains("SUCCESS: 14 rules found");
    }

    @Test
    void everyAlertFiresOnItsCauseAndOnlyThen() throws Exception {
        String out = promtool().run("test", "rules",
                ROOT.resolve("deploy/src/test/resources/prometheus/samverkan-alerts-test.yml").toString());
        assertThat(out).contains("SUCCESS");
    }

    private static DebianTool promtool() throws Exception {
        return DebianTool.of("debian.prometheus", DEFAULT_PIN, "usr/bin/promtool");
    }
}
