package se.samverkan.audit.review;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReviewRules} asks once a transaction which UNUSUAL_VOLUME groups have an undecided item, reads a group's
 * undecided items once a transaction (dropping what it read when a decision is appended), and trusts that no
 * item appears meanwhile except those its own transaction raises. That holds while the rules, in the sequencer's one
 * transaction at a time, are the only code that creates review items. A second writer (a class, a trigger, a
 * migration's function) would let an access miss an item opened beside it, so adding one fails here and sends its
 * author to those reads first. Decisions are appended by the rules too: the volume groups' answer is a superset that
 * the exact question then narrows, and a decision drops the groups' items read so far (ReviewGroupingIT).
 */
class ReviewItemsHaveOneWriterTest {

    private static final Pattern WRITES_REVIEW_ITEMS = Pattern.compile(
            "(?i)(insert\\s+into\\s+(\\w+\\.)?review_items\\b|copy\\s+(\\w+\\.)?review_items\\b|withTableName\\(\\s*\"review_items\"\\s*\\))");

    @Test
    void onlyTheReviewRulesCreateReviewItems() {
        List<String> writers = Stream.of(Path.of("src/main/java"), Path.of("src/main/resources"))
                .flatMap(ReviewItemsHaveOneWriterTest::files)
                .filter(file -> WRITES_REVIEW_ITEMS.matcher(read(file)).find())
                .map(file -> file.toString().replace('\\', '/'))
                .toList();
        assertThat(writers).containsExactly("src/main/java/se/samverkan/audit/review/ReviewRules.java");
    }

    @Test
    void thePatternFindsTheWaysToWriteARow() {
        assertThat(WRITES_REVIEW_ITEMS.matcher("INSERT INTO review_items (id) VALUES (?)").find()).isTrue();
        assertThat(WRITES_REVIEW_ITEMS.matcher("insert   into\n public.review_items select").find()).isTrue();
        assertThat(WRITES_REVIEW_ITEMS.matcher("COPY review_items FROM STDIN").find()).isTrue();
        assertThat(WRITES_REVIEW_ITEMS.matcher("new SimpleJdbcInsert(jdbc).withTableName(\"review_items\")").find()).isTrue();
        assertThat(WRITES_REVIEW_ITEMS.matcher("INSERT INTO review_item_occurrences (review_item_id)").find()).isFalse();
        assertThat(WRITES_REVIEW_ITEMS.matcher("INSERT INTO review_decisions (review_item_id)").find()).isFalse();
    }

    private static Stream<Path> files(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(file -> file.toString().matches(".*\\.(java|sql|yml|yaml|properties)$"))
                    .sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
