package se.samverkan.platform.scheduling;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Scheduled jobs run beside each other, each never beside itself, with the virtual threads every service turns on. */
class SchedulingAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SchedulingAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
            .withPropertyValues("spring.threads.virtual.enabled=true");

    @Test
    void aJobThatRunsLongDoesNotHoldUpTheOthers() {
        runner.withUserConfiguration(Jobs.class).run(context -> {
            Jobs jobs = context.getBean(Jobs.class);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> jobs.longRunning.get() == 1);
                // the long job is still inside its first run, waiting for the latch
                await().atMost(Duration.ofSeconds(10)).until(() -> jobs.quickRuns.get() >= 3);
                assertThat(jobs.longRuns.get()).as("the long job has not finished its first run").isZero();
            } finally {
                jobs.release.countDown();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> jobs.longRuns.get() >= 3);
            assertThat(jobs.mostAtOnce.get()).as("a fixed-delay job never overlaps itself").isEqualTo(1);
            assertThat(context.getBean(TaskScheduler.class)).isInstanceOf(ThreadPoolTaskScheduler.class);
        });
    }

    @Test
    void bootsOwnSchedulerWithVirtualThreadsIsTheOneThatRunsFixedDelayJobsOneAfterAnother() {
        // why this configuration exists: should Boot change its default, this says so
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class))
                .withPropertyValues("spring.threads.virtual.enabled=true").withUserConfiguration(Jobs.class)
                .run(context -> {
                    context.getBean(Jobs.class).release.countDown();
                    assertThat(context.getBean(TaskScheduler.class)).isInstanceOf(SimpleAsyncTaskScheduler.class);
                });
    }

    @Test
    void thePoolSizeIsConfigurableAndAtLeastOne() {
        runner.withPropertyValues("samverkan.scheduling.pool-size=3").run(context ->
                assertThat(context.getBean(ThreadPoolTaskScheduler.class).getScheduledThreadPoolExecutor().getCorePoolSize()).isEqualTo(3));
        runner.withPropertyValues("samverkan.scheduling.pool-size=0").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("samverkan.scheduling.pool-size"));
    }

    @Test
    void aServiceThatBringsItsOwnSchedulerKeepsIt() {
        runner.withBean("custom", TaskScheduler.class, SimpleAsyncTaskScheduler::new).run(context ->
                assertThat(context.getBean(TaskScheduler.class)).isInstanceOf(SimpleAsyncTaskScheduler.class));
    }

    @Configuration
    @EnableScheduling
    static class Jobs {

        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger quickRuns = new AtomicInteger();
        final AtomicInteger longRuns = new AtomicInteger();
        final AtomicInteger longRunning = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        @Scheduled(fixedDelay = 5)
        void longJob() throws InterruptedException {
            mostAtOnce.accumulateAndGet(longRunning.incrementAndGet(), Math::max);
            try {
                release.await();
            } finally {
                longRunning.decrementAndGet();
                longRuns.incrementAndGet();
            }
        }

        @Scheduled(fixedDelay = 5)
        void quickJob() {
            quickRuns.incrementAndGet();
        }

        @Bean
        Object marker() {
            return "jobs";
        }
    }
}
