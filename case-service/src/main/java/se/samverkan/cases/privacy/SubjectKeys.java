package se.samverkan.cases.privacy;

import se.samverkan.cases.domain.DocumentType;

import javax.crypto.SecretKey;
import java.util.Optional;
import java.util.UUID;

/** Where subjects' data keys live, apart from the events they protect: one key per subject and document type. */
public interface SubjectKeys {

    /** {@code documentType} is null only for a key from before keys were per document type (it seals every type). */
    record DataKey(UUID keyId, UUID subjectId, DocumentType documentType, SecretKey key) {
        @Override
        public String toString() {
            return "DataKey[" + keyId + "]";
        }
    }

    /** The subject's live key for the type, created (and committed on its own) when there is none. */
    DataKey currentFor(UUID subjectId, DocumentType documentType);

    /** The subject's live key for the type, if there is one; unlike {@link #currentFor} it never creates a key. */
    Optional<DataKey> liveFor(UUID subjectId, DocumentType documentType);

    /** Empty once the key was shredded: whatever it sealed is gone for good. */
    Optional<DataKey> byKeyId(UUID keyId);

    /**
     * Deletes the subject's key for one document type, but only if no case of the subject still retains that type
     * (checked in the same statement, so a case opened concurrently keeps its key); returns how many keys went.
     */
    int shred(UUID subjectId, DocumentType documentType);

    /**
     * Deletes all of the subject's keys (the full shred), but only if no case of the subject is still retained;
     * returns how many keys went.
     */
    int shred(UUID subjectId);

    boolean hasKey(UUID subjectId);

    boolean hasKey(UUID subjectId, DocumentType documentType);
}
