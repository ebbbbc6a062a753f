package se.samverkan.cases.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.List;

@Configuration
class VocabularyConfiguration {

    /** The partner register's units are social services units a consent may name, so they join the configured units. */
    @Bean
    CodeLists codeLists(CodeListProperties properties, PartnershipProperties partnership) {
        List<CodeListProperties.Unit> units = new ArrayList<>(properties.units());
        partnership.codeListUnits().stream()
                .filter(p -> units.stream().noneMatch(u -> u.code().equals(p.code())))
                .forEach(units::add);
        return new CodeLists(new CodeListProperties(properties.municipalities(), units));
    }
}
