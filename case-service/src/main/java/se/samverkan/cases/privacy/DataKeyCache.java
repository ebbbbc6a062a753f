package se.samverkan.cases.privacy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import se.samverkan.cases.domain.DocumentType;
import se.samverkan.cases.privacy.SubjectKeys.DataKey;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unwrapped data keys held in memory, bounded in time and in number: an unwrapped key is the one thing that opens a
 * subject's data, so it must not linger after its time-to-live or pile up while a batch reads many cases. A shred
 * evicts the subject's keys at once, and a key loaded before (or while) the subject was shredded is not kept.
 */
public final class DataKeyCache {

    private record Owner(UUID subjectId, DocumentType documentType) {
    }

    private final Cache<UUID, DataKey> byKeyId;
    private final Cache<Owner, DataKey> byOwner;
    // bumped by every eviction of a subject, so a load that raced with a shred cannot put its key back
    private final AtomicLong evictions = new AtomicLong();

    public DataKeyCache(Duration timeToLive, long maximumKeys) {
        this(timeToLive, maximumKeys, Ticker.systemTicker());
    }

    DataKeyCache(Duration timeToLive, long maximumKeys, Ticker ticker) {
        if (timeToLive.isNegative() || maximumKeys < 0) {
            throw new IllegalArgumentException("The data key cache needs a time-to-live >= 0 and a size >= 0, got "
                    + timeToLive + " and " + maximumKeys);
        }
        this.byKeyId = Caffeine.newBuilder().expireAfterWrite(timeToLive).maximumSize(maximumKeys)
                .ticker(ticker).executor(Runnable::run).build();
        this.byOwner = Caffeine.newBuilder().expireAfterWrite(timeToLive).maximumSize(maximumKeys)
                .ticker(ticker).executor(Runnable::run).build();
    }

    /** A cache that keeps nothing (for tools and tests that must always read the key store). */
    public static DataKeyCache none() {
        return new DataKeyCache(Duration.ZERO, 0);
    }

    /** Take before reading a key from the store; pass to {@link #remember} so a shred in between wins. */
    public long stamp() {
        return evictions.get();
    }

    public Optional<DataKey> byKeyId(UUID keyId) {
        return Optional.ofNullable(byKeyId.getIfPresent(keyId));
    }

    public Optional<DataKey> currentFor(UUID subjectId, DocumentType documentType) {
        return Optional.ofNullable(byOwner.getIfPresent(new Owner(subjectId, documentType)));
    }

    public void remember(DataKey key, long stamp) {
        if (evictions.get() != stamp) {
            return;
        }
        if (key.documentType() != null) {
            byOwner.put(new Owner(key.subjectId(), key.documentType()), key);
        }
        byKeyId.put(key.keyId(), key);
        if (evictions.get() != stamp) {
            forget(key.subjectId());
        }
    }

    public void forget(UUID subjectId) {
        evictions.incrementAndGet();
        byOwner.asMap().keySet().removeIf(owner -> owner.subjectId().equals(subjectId));
        byKeyId.asMap().values().removeIf(key -> key.subjectId().equals(subjectId));
    }

    long size() {
        byKeyId.cleanUp();
        byOwner.cleanUp();
        return byKeyId.estimatedSize() + byOwner.estimatedSize();
    }
}
