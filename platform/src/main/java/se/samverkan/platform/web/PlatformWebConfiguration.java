package se.samverkan.platform.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({HttpLimits.class, HttpLoadLimits.class})
public class PlatformWebConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ProblemHandlers problemHandlers() {
        return new ProblemHandlers();
    }

    @Bean
    @ConditionalOnMissingBean(org.springframework.boot.webmvc.error.ErrorController.class)
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /**
     * Tomcat's own answers (a request line it cannot parse) as problem+json: replaces the error report valve Spring
     * Boot puts on the host, so this customizer runs after Boot's.
     */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnClass(name = "org.apache.catalina.connector.Connector")
    org.springframework.boot.web.server.WebServerFactoryCustomizer<org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory> tomcatProblems() {
        return new TomcatProblems();
    }

    static final class TomcatProblems implements org.springframework.boot.web.server.WebServerFactoryCustomizer<
            org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory>, Ordered {

        @Override
        public void customize(org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                    for (org.apache.catalina.Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof org.apache.catalina.valves.ErrorReportValve && !(valve instanceof TomcatProblemValve)) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.setErrorReportValveClass(TomcatProblemValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** Right after the in-flight bound, before authentication: an oversized body is refused before anyone reads it. */
    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(HttpLimits limits) {
        FilterRegistrationBean<RequestBodyLimit> registration =
                new FilterRegistrationBean<>(new RequestBodyLimit(limits.maxRequestBody().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /**
     * First of all filters: a request beyond the instance's capacity is refused before its token is even checked (a
     * flood of made-up tokens costs no signature checks), and before the HTTP observation (order
     * {@code HIGHEST_PRECEDENCE + 1}) opens a span and timers for it. Under an overload most requests are refusals, and
     * a refusal must cost next to nothing; they are counted in {@code samverkan.http.shed}.
     */
    @Bean
    FilterRegistrationBean<InFlightLimit> inFlightLimit(HttpLoadLimits limits, Environment environment, ObjectProvider<MeterRegistry> registry) {
        MeterRegistry meters = registry.getIfAvailable(SimpleMeterRegistry::new);
        FilterRegistrationBean<InFlightLimit> registration = new FilterRegistrationBean<>(new InFlightLimit(limits,
                PathsNeverLimited.of(environment), shedCounter(meters, "bearer-token"), shedCounter(meters, "anonymous")));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    private static Counter shedCounter(MeterRegistry meters, String caller) {
        return Counter.builder("samverkan.http.shed")
                .description("API requests refused with 503 because the instance (or its share for requests without a token) was at its in-flight limit")
                .tag("caller", caller)
                .register(meters);
    }

    /**
     * After Spring Security's filter chain (order -100 by default), which has by then verified the token: the limit
     * keys on its subject.
     */
    @Bean
    FilterRegistrationBean<UserRateLimit> userRateLimit(HttpLoadLimits limits, Environment environment, ObjectProvider<MeterRegistry> registry) {
        Counter limited = Counter.builder("samverkan.http.rate_limited")
                .description("API requests refused with 429 because their user was over the per-user rate")
                .register(registry.getIfAvailable(SimpleMeterRegistry::new));
        FilterRegistrationBean<UserRateLimit> registration = new FilterRegistrationBean<>(new UserRateLimit(limits, PathsNeverLimited.of(environment), limited));
        registration.setOrder(0);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /**
     * Tomcat answers "100 Continue" only once the application reads the body, so a client that asks first (curl does
     * for large bodies) gets the 413 without sending megabytes nobody reads.
     */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnClass(name = "org.apache.catalina.connector.Connector")
    org.springframework.boot.web.server.WebServerFactoryCustomizer<org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory> continueOnRead() {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setProperty("continueResponseTiming", "onRead"));
    }
}
