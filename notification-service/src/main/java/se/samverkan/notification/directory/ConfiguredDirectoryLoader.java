package se.samverkan.notification.directory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
class ConfiguredDirectoryLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredDirectoryLoader.class);

    private final DirectoryProperties properties;
    private final UnitDirectory directory;

    ConfiguredDirectoryLoader(DirectoryProperties properties, UnitDirectory directory) {
        this.properties = properties;
        this.directory = directory;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        properties.users().forEach(directory::upsert);
        if (!properties.users().isEmpty()) {
            log.info("Loaded {} directory user(s) from configuration", properties.users().size());
        }
    }
}
