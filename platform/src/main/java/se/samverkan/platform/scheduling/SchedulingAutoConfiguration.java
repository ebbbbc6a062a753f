package se.samverkan.platform.scheduling;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.util.concurrent.ScheduledExecutorService;

/**
 * The scheduler of every service's {@code @Scheduled} jobs: a small pool, so that jobs run beside each other.
 * <p>
 * With virtual threads on (every service), Spring Boot's own scheduler is a {@code SimpleAsyncTaskScheduler}, which
 * runs every fixed-delay job on its single scheduler thread, one after another. One long run then holds up every
 * other job of the service: issue 12 saw audit-service's integrity check stand still for minutes after a restart while
 * the search index and the reconciliation read the whole log, and a retention sweep in case-service, or a directory
 * sync waiting for Keycloak, would hold up the deadline watches, the publication manifests or the mail in the same
 * way. A pool keeps what fixed-delay means for each job (a job never overlaps itself; its next run is scheduled from
 * the end of the last) and lets different jobs run at once, up to {@code samverkan.scheduling.pool-size}. The pool's
 * threads are platform threads: the jobs are few and block on JDBC, and a platform thread is never pinned.
 * {@code spring.task.scheduling.*} (shutdown, thread name prefix) still applies, through Boot's builder.
 */
@AutoConfiguration(before = TaskSchedulingAutoConfiguration.class)
@EnableConfigurationProperties(SchedulingProperties.class)
public class SchedulingAutoConfiguration {

    @Bean(name = "taskScheduler")
    @ConditionalOnMissingBean({TaskScheduler.class, ScheduledExecutorService.class})
    ThreadPoolTaskScheduler taskScheduler(ThreadPoolTaskSchedulerBuilder builder, SchedulingProperties properties) {
        return builder.poolSize(properties.poolSize()).build();
    }
}
