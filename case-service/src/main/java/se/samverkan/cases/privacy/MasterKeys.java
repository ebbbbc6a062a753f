package se.samverkan.cases.privacy;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The key-encryption keys that wrap every subject's data key. Parsed from {@code id:base64,id:base64}; the current
 * one wraps new and re-wrapped data keys, the others only unwrap until rotation has moved every data key off them.
 */
public record MasterKeys(String currentId, Map<String, SecretKey> keys) {

    public MasterKeys {
        keys = Map.copyOf(keys);
        if (!keys.containsKey(currentId)) {
            throw new IllegalArgumentException("The current master key id '" + currentId + "' is not among the configured keys "
                    + keys.keySet());
        }
    }

    /** @param currentId may be null or blank when the list holds exactly one key, which is then the current one */
    public static MasterKeys parse(String currentId, String keyList) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (String entry : keyList.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("A master key entry must look like id:base64key (got an entry without id)");
            }
            byte[] key = Base64.getDecoder().decode(trimmed.substring(colon + 1));
            if (key.length != 32) {
                throw new IllegalArgumentException("Master key '" + trimmed.substring(0, colon) + "' must be 32 bytes (AES-256), was "
                        + key.length);
            }
            keys.put(trimmed.substring(0, colon), new SecretKeySpec(key, "AES"));
        }
        if (currentId == null || currentId.isBlank()) {
            if (keys.size() != 1) {
                throw new IllegalArgumentException("There are " + keys.size() + " master keys " + keys.keySet()
                        + ": set SAMVERKAN_CASES_CURRENT_MASTER_KEY to the id of the one that wraps new data keys");
            }
            return new MasterKeys(keys.keySet().iterator().next(), keys);
        }
        return new MasterKeys(currentId, keys);
    }

    public SecretKey current() {
        return keys.get(currentId);
    }

    public Optional<SecretKey> byId(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    @Override
    public String toString() {
        return "MasterKeys[current=" + currentId + ", ids=" + keys.keySet() + "]";
    }
}
