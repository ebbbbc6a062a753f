package se.samverkan.platform.web;

import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The management server's connector ({@code management.server.port}) works on platform threads of its own. Spring
 * Boot gives it the API's virtual threads otherwise, and those run on one carrier per core: when the API keeps every
 * carrier busy, a liveness probe waits behind its requests however separate its port is ({@code ManagementPortIT}).
 * A few threads are enough for the kubelet's probes and the metrics scraper.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnClass(TomcatServletWebServerFactory.class)
public class ManagementServerThreads {

    static final int THREADS = 4;

    @Bean
    PlatformThreads managementPlatformThreads() {
        return new PlatformThreads();
    }

    static final class PlatformThreads implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addProtocolHandlerCustomizers(handler -> {
                // no executor: Tomcat makes its own pool of platform threads when the connector starts
                handler.setExecutor(null);
                if (handler instanceof AbstractProtocol<?> protocol) {
                    protocol.setMaxThreads(THREADS);
                    protocol.setMinSpareThreads(1);
                }
            });
        }

        /** After Boot's own customizers, which hand the connector the virtual threads. */
        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
