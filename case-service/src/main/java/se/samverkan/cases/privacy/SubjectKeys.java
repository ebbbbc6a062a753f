package se.samverkan.cases.privacy;

import javax.crypto.SecretKey;
import java.util.Optional;
import java.util.UUID;

/** Where subjects' data keys live, apart from the events they protect. */
public interface SubjectKeys {

    record DataKey(UUID keyId, UUID subjectId, SecretKey key) {
        @Override
        public String toString() {
            return "DataKey[" + keyId + "]";
        }
    }

    /** The subject's live key, created (and committed on its own) when the subject has none. */
    DataKey currentFor(UUID subjectId);

    /** Empty once the key was shredded: whatever it sealed is gone for good. */
    Optional<DataKey> byKeyId(UUID keyId);

    /**
     * Deletes the subject's key, but only if no case of the subject is still retained (checked in the same statement,
     * so a case opened concurrently keeps its key); returns how many keys went.
     */
    int shred(UUID subjectId);

    boolean hasKey(UUID subjectId);
}
