package se.samverkan.localstack.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops a process and everything it started: kc.sh runs Keycloak's JVM as its child, for example. */
final class ProcessTree {

    private ProcessTree() {
    }

    static void terminate(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>();
        // descendants first: collected before the parent dies, because orphans are re-parented and lost from view
        root.descendants().forEach(tree::add);
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            try {
                CompletableFuture.allOf(exits).get(5, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException ignored) {
                // nothing more we can do from here; the pid file lets the next start try again
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        } catch (ExecutionException ignored) {
            // onExit never completes exceptionally
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }
}
