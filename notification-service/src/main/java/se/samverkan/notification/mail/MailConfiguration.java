package se.samverkan.notification.mail;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.notification.config.NotificationProperties;
import se.samverkan.notification.routing.RoutingLookup;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "samverkan.notification.mail.enabled", havingValue = "true", matchIfMissing = true)
class MailConfiguration {

    @Bean
    MailDispatcher mailDispatcher(MailOutbox outbox, JavaMailSender sender, PlatformTransactionManager transactions,
                                  NotificationProperties properties, Clock clock, RoutingLookup lookup) {
        return new MailDispatcher(outbox, sender, new TransactionTemplate(transactions), properties, clock, lookup);
    }

    /** Backlog and give-ups, for alerting: a growing PENDING count is an SMTP outage, any FAILED needs an operator. */
    @Bean
    MeterBinder mailDeliveryGauges(MailOutbox outbox) {
        return registry -> {
            for (MailOutbox.Status status : MailOutbox.Status.values()) {
                Gauge.builder("samverkan.notification.mail.deliveries", () -> outbox.count(status))
                        .tag("status", status.name())
                        .description("E-mail deliveries in the outbox by status")
                        .register(registry);
            }
        };
    }

    @Bean
    SchedulingConfigurer mailDispatchSchedule(MailDispatcher dispatcher, NotificationProperties properties) {
        return (ScheduledTaskRegistrar registrar) -> registrar.addFixedDelayTask(dispatcher::dispatchDue, properties.mail().pollInterval());
    }
}
