package se.samverkan.cases.privacy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Rotation: configure the new master key next to the old one and make it current; at start-up every data key still
 * wrapped by another master key is re-wrapped. The events are not touched. Once this has logged zero keys left, the
 * old master key can be removed from configuration.
 */
@Component
class MasterKeyRotation implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyRotation.class);

    private final JdbcSubjectKeys subjectKeys;
    private final MasterKeys masterKeys;

    MasterKeyRotation(JdbcSubjectKeys subjectKeys, MasterKeys masterKeys) {
        this.subjectKeys = subjectKeys;
        this.masterKeys = masterKeys;
    }

    @Override
    public void run(ApplicationArguments args) {
        int rewrapped = subjectKeys.rewrapToCurrentMasterKey();
        if (rewrapped > 0) {
            log.info("Re-wrapped {} subject data keys under master key {}", rewrapped, masterKeys.currentId());
        }
    }
}
