package se.samverkan.cases.core;

import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.UUIDSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import se.samverkan.cases.idempotency.Idempotency;

import java.util.Arrays;
import java.util.List;

@Configuration
class CoreWebConfiguration implements WebMvcConfigurer {

    static {
        // a CaseWrite is no request field: the API documentation shows the parts it is made of instead
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(CaseWrite.class, WriteRequest.class);
    }

    private final WriteResolver caseWrites;

    CoreWebConfiguration(WriteResolver caseWrites) {
        this.caseWrites = caseWrites;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(caseWrites);
    }

    @Bean
    OperationCustomizer caseWriteParameters() {
        return (operation, handler) -> {
            boolean caseWrite = takes(handler, CaseWrite.class);
            if (caseWrite) {
                operation.addParametersItem(new PathParameter().name(WriteResolver.CASE_ID).schema(new UUIDSchema()));
                operation.addParametersItem(new HeaderParameter().name(HttpHeaders.IF_MATCH).required(false).schema(new StringSchema())
                        .description("The ETag of the case as read; a write to a case changed since is refused (412)"));
            }
            if (caseWrite || takes(handler, WriteRequest.class)) {
                operation.addParametersItem(new HeaderParameter().name(Idempotency.HEADER).required(false).schema(new StringSchema())
                        .description("1 to 200 characters; a retry with the same key and body gets the first answer again"));
            }
            return operation;
        };
    }

    private static boolean takes(HandlerMethod handler, Class<?> type) {
        return Arrays.stream(handler.getMethodParameters()).anyMatch(p -> p.getParameterType() == type);
    }
}
