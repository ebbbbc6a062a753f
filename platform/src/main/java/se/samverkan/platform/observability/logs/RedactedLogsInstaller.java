package se.samverkan.platform.observability.logs;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * Puts {@link RedactingTurboFilter} in front of the logging system right after Spring Boot has (re)configured it, which
 * clears every filter: registered in {@code META-INF/spring.factories}, so no service can start without it.
 */
public final class RedactedLogsInstaller implements SmartApplicationListener {

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        install();
    }

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    static void install() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(RedactingTurboFilter.class::isInstance)) {
            RedactingTurboFilter filter = new RedactingTurboFilter();
            filter.setName("redacted-failures");
            filter.setContext(context);
            filter.start();
            context.addTurboFilter(filter);
        }
    }
}
