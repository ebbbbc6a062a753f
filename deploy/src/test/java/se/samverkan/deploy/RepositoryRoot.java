package se.samverkan.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root folder, found from wherever the test runs (the module folder under Maven). */
public final class RepositoryRoot {

    private RepositoryRoot() {
    }

    public static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("infra/k8s")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no Samverkan checkout above " + Path.of("").toAbsolutePath());
    }
}
