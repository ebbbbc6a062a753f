package se.samverkan.cases.privacy;

import org.junit.jupiter.api.Test;

import se.samverkan.cases.domain.DocumentType;
import se.samverkan.cases.privacy.SubjectKeys.DataKey;

import javax.crypto.spec.SecretKeySpec;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataKeyCacheTest {

    private final AtomicLong nanos = new AtomicLong();
    private final DataKeyCache cache = new DataKeyCache(Duration.ofSeconds(30), 3, nanos::get);

    private static DataKey key(UUID subjectId, DocumentType type) {
        return new DataKey(UUID.randomUUID(), subjectId, type, new SecretKeySpec(new byte[32], "AES"));
    }

    @Test
    void aKeyIsServedUntilItsTimeToLiveAndThenGone() {
        DataKey key = key(UUID.randomUUID(), DocumentType.JOURNAL);
        cache.remember(key, cache.stamp());

        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(cache.byKeyId(key.keyId())).contains(key);
        assertThat(cache.currentFor(key.subjectId(), DocumentType.JOURNAL)).contains(key);

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(cache.byKeyId(key.keyId())).isEmpty();
        assertThat(cache.currentFor(key.subjectId(), DocumentType.JOURNAL)).isEmpty();
        assertThat(cache.size()).as("expired keys are removed, not merely hidden").isZero();
    }

    @Test
    void noMoreKeysThanTheBoundAreKept() {
        for (int i = 0; i < 50; i++) {
            cache.remember(key(UUID.randomUUID(), DocumentType.IDENTITY), cache.stamp());
        }
        assertThat(cache.size()).isLessThanOrEqualTo(2 * 3);
    }

    @Test
    void forgettingASubjectEvictsAllItsKeysAtOnceAndNoOtherSubjects() {
        UUID subjectId = UUID.randomUUID();
        DataKey journal = key(subjectId, DocumentType.JOURNAL);
        DataKey legacy = key(subjectId, null);
        DataKey someoneElse = key(UUID.randomUUID(), DocumentType.JOURNAL);
        cache.remember(journal, cache.stamp());
        cache.remember(legacy, cache.stamp());
        cache.remember(someoneElse, cache.stamp());

        cache.forget(subjectId);

        assertThat(cache.byKeyId(journal.keyId())).isEmpty();
        assertThat(cache.byKeyId(legacy.keyId())).isEmpty();
        assertThat(cache.currentFor(subjectId, DocumentType.JOURNAL)).isEmpty();
        assertThat(cache.byKeyId(someoneElse.keyId())).contains(someoneElse);
    }

    @Test
    void aKeyLoadedBeforeAShredIsNotPutBackAfterIt() {
        DataKey key = key(UUID.randomUUID(), DocumentType.JOURNAL);
        long stampBeforeLoad = cache.stamp();

        cache.forget(key.subjectId());
        cache.remember(key, stampBeforeLoad);

        assertThat(cache.byKeyId(key.keyId())).isEmpty();
        assertThat(cache.currentFor(key.subjectId(), DocumentType.JOURNAL)).isEmpty();
    }

    @Test
    void theCacheThatKeepsNothingKeepsNothing() {
        DataKeyCache none = DataKeyCache.none();
        DataKey key = key(UUID.randomUUID(), DocumentType.JOURNAL);
        none.remember(key, none.stamp());
        assertThat(none.byKeyId(key.keyId())).isEmpty();
    }

    @Test
    void aNegativeTimeToLiveIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new DataKeyCache(Duration.ofSeconds(-1), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time-to-live");
    }
}
