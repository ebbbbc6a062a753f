package se.samverkan.cases.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class VocabularyConfiguration {

    @Bean
    CodeLists codeLists(CodeListProperties properties) {
        return new CodeLists(properties);
    }
}
