package se.samverkan.platform.kafka;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;
import se.samverkan.platform.secrets.RefusedSecretsException;
import se.samverkan.platform.secrets.SecretCheck;

import java.util.List;

/**
 * Puts {@link KafkaClientSecurity} into effect: refuses a broker without login outside development mode before any
 * bean exists, and writes the login into Spring Boot's {@link KafkaProperties}, from which every producer, consumer
 * and admin client (KafkaTemplate, listener containers, KafkaAdmin) is built.
 */
final class KafkaClientSecurityChecks {

    private KafkaClientSecurityChecks() {
    }

    static final class StartupCheck implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

        private Environment environment;

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            boolean developmentMode = environment.getProperty(SecretCheck.DEVELOPMENT_MODE, Boolean.class, false);
            List<String> refusals = KafkaClientSecurity.from(environment).refusals(developmentMode);
            if (!refusals.isEmpty()) {
                throw new RefusedSecretsException(refusals);
            }
        }

        /** Right after the secrets check, so a service missing its keys is told about those first. */
        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE + 10;
        }
    }

    static final class ApplyToClients implements BeanPostProcessor, EnvironmentAware {

        private Environment environment;

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
            if (bean instanceof KafkaProperties kafka) {
                KafkaClientSecurity security = KafkaClientSecurity.from(environment);
                kafka.getSecurity().setProtocol(security.securityProtocol().name());
                kafka.getProperties().putAll(security.clientProperties());
            }
            return bean;
        }
    }
}
