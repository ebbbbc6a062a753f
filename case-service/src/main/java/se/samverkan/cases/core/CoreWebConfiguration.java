package se.samverkan.cases.core;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

@Configuration
class CoreWebConfiguration implements WebMvcConfigurer {

    private final CaseWriteResolver caseWrites;

    CoreWebConfiguration(CaseWriteResolver caseWrites) {
        this.caseWrites = caseWrites;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(caseWrites);
    }
}
