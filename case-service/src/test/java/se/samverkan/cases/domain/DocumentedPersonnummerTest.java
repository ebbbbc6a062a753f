package se.samverkan.cases.domain;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walk-throughs in the READMEs and docs are copied into terminals: a personnummer there that fails the check digit
 * turns a reader's first step into a 400 (it happened twice). Each one must parse as the service parses it.
 */
class DocumentedPersonnummerTest {

    private static final Pattern PERSONNUMMER = Pattern.compile("\\b(?:19|20)\\d{6}[-+]\\d{4}\\b");

    @Test
    void everyPersonnummerInTheDocumentationPassesTheServicesOwnCheck() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> documents = new ArrayList<>();
        try (Stream<Path> top = Files.list(root); Stream<Path> docs = Files.list(root.resolve("docs"))) {
            top.filter(p -> Files.isDirectory(p) && Files.isRegularFile(p.resolve("README.md"))).map(p -> p.resolve("README.md"))
                    .forEach(documents::add);
            docs.filter(p -> p.toString().endsWith(".md")).forEach(documents::add);
        }
        documents.add(root.resolve("README.md"));
        documents.add(root.resolve("local-stack/walkthrough.sh"));

        List<String> invalid = new ArrayList<>();
        int checked = 0;
        for (Path document : documents) {
            Matcher m = PERSONNUMMER.matcher(Files.readString(document));
            while (m.find()) {
                checked++;
                try {
                    Personnummer.parse(m.group());
                } catch (RuntimeException e) {
                    invalid.add(root.relativize(document) + ": " + m.group());
                }
            }
        }
        assertThat(checked).as("the walk-throughs do show personnummer").isGreaterThan(10);
        assertThat(invalid).as("fails the service's own check").isEmpty();
    }
}
