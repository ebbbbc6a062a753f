package se.samverkan.platform.scheduling;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
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
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Scheduled jobs run beside each other, each never beside itself, with the virtual threads every service turns on. */
class SchedulingAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SchedulingAutoConfiguration.class, TaskSchedulingAutoConfiguration.class,
                    LifecycleAutoConfiguration.class))
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

    /**
     * What a stopping service does with a job under way (a retention sweep, an integrity step, a mail batch): the
     * scheduler takes no new runs once the close begins and waits for the runs under way in its lifecycle phase, so
     * before any bean is destroyed (the database pool among them), and interrupts a run only after
     * {@code spring.lifecycle.timeout-per-shutdown-phase}. Boot's {@code spring.task.scheduling.shutdown.await-termination}
     * would move that wait to the beans' destruction, and no service sets it.
     */
    @Test
    void aJobUnderWayWhenTheServiceStopsEndsBeforeAnythingItUsesIsClosed() {
        runner.withUserConfiguration(InFlight.class).run(context -> {
            InFlight job = context.getBean(InFlight.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> job.started.getCount() == 0);
            Thread closer = Thread.ofPlatform().start(context::close);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> stopsLifecycles(closer));
                assertThat(job.interrupted).as("the job is not interrupted while the close waits for it").isFalse();
                assertThat(job.pool.closed).as("nothing is destroyed while the job runs").isFalse();
            } finally {
                job.release.countDown();
            }
            closer.join(Duration.ofSeconds(10));
            assertThat(closer.isAlive()).as("the close went on once the job ended").isFalse();
            assertThat(job.finished).as("the job ended by itself").isTrue();
            assertThat(job.poolOpenAtTheEnd).as("what the job used was open to its end").isTrue();
            assertThat(job.pool.closed).as("and closed after it").isTrue();
            assertThat(job.runs.get()).as("no run began after the close began").isEqualTo(1);
        });
    }

    @Test
    void aJobLongerThanTheShutdownPhaseIsInterruptedAfterIt() {
        runner.withUserConfiguration(InFlight.class).withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=300ms").run(context -> {
            InFlight job = context.getBean(InFlight.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> job.started.getCount() == 0);
            try {
                Thread closer = Thread.ofPlatform().start(context::close);
                closer.join(Duration.ofSeconds(10));
                assertThat(closer.isAlive()).as("the close went on after the phase's timeout").isFalse();
                await().atMost(Duration.ofSeconds(10)).until(() -> job.interrupted);
                assertThat(job.finished).isFalse();
            } finally {
                job.release.countDown();
            }
        });
    }

    private static boolean stopsLifecycles(Thread closer) {
        return closer.getState() == Thread.State.TIMED_WAITING
                && Arrays.stream(closer.getStackTrace()).anyMatch(frame -> frame.getClassName().contains("DefaultLifecycleProcessor"));
    }

    @Test
    void aServiceThatBringsItsOwnSchedulerKeepsIt() {
        runner.withBean("custom", TaskScheduler.class, SimpleAsyncTaskScheduler::new).run(context ->
                assertThat(context.getBean(TaskScheduler.class)).isInstanceOf(SimpleAsyncTaskScheduler.class));
    }

    /** Stands for the database pool a job works with. */
    static class Pool implements DisposableBean {

        volatile boolean closed;

        @Override
        public void destroy() {
            closed = true;
        }
    }

    @Configuration
    @EnableScheduling
    static class InFlight {

        final Pool pool = new Pool();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();
        volatile boolean finished;
        volatile boolean interrupted;
        volatile boolean poolOpenAtTheEnd;

        @Bean
        Pool pool() {
            return pool;
        }

        @Scheduled(fixedDelay = 5)
        void job() {
            runs.incrementAndGet();
            started.countDown();
            try {
                release.await();
                poolOpenAtTheEnd = !pool.closed;
                finished = true;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
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
