package se.samverkan.cases.config;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import se.samverkan.cases.projection.IntakeCases;

@Configuration
class IntakeConfiguration {

    /**
     * {@link IntakeCases} is written in the command's transaction: a failure there must fail the command (and roll its
     * events back) rather than be logged and skipped, or the intake would no longer know which cases are open.
     */
    @Bean
    ConfigurerModule intakeCasesErrorHandling() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler(IntakeCases.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance()));
    }
}
