package se.samverkan.notification;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class NotificationServiceApplication {

    public static void main(String[] args) {
        if (args.length > 0 && se.samverkan.notification.schema.SchemaMigration.COMMAND.equals(args[0])) {
            // a one-shot step with the schema owner's credentials, before (never inside) the running service
            se.samverkan.notification.schema.SchemaMigration.main(args);
            return;
        }
        SpringApplication.run(NotificationServiceApplication.class, args);
    }
}
