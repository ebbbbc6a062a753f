package se.samverkan.localstack.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The topics of infra/kafka/topics.txt, the one list that the launcher, docker-compose and Kubernetes share. */
public record TopicList(List<Topic> topics) {

    public record Topic(String name, int partitions) {
    }

    public static TopicList read(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the topic list " + file, e);
        }
    }

    static TopicList parse(List<String> lines) {
        return new TopicList(lines.stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> {
                    String[] fields = line.split("\\s+");
                    if (fields.length != 2 || !fields[1].matches("[1-9][0-9]*")) {
                        throw new IllegalArgumentException("a topic line is '<name> <partitions>', not: " + line);
                    }
                    return new Topic(fields[0], Integer.parseInt(fields[1]));
                })
                .toList());
    }

    public List<String> names() {
        return topics.stream().map(Topic::name).toList();
    }
}
