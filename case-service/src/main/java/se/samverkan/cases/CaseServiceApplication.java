package se.samverkan.cases;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CaseServiceApplication {

    /** Axon's update checker (on by default since 4.12) reports the version and a machine identifier to AxonIQ. */
    static final String AXON_UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

    public static void main(String[] args) {
        if (args.length > 0 && se.samverkan.cases.schema.SchemaMigration.COMMAND.equals(args[0])) {
            // a one-shot step with the schema owner's credentials, before (never inside) the running service
            se.samverkan.cases.schema.SchemaMigration.main(args);
            return;
        }
        // a service holding secrecy-protected case data calls no third party; an operator who wants the check sets the
        // property (or AXONIQ_UPDATE_CHECKER_DISABLED=false) explicitly
        if (System.getProperty(AXON_UPDATE_CHECKER_DISABLED) == null && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
            System.setProperty(AXON_UPDATE_CHECKER_DISABLED, "true");
        }
        SpringApplication.run(CaseServiceApplication.class, args);
    }
}
