package se.samverkan.notification.config;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import se.samverkan.notification.directory.SuspendedUsersRefused;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final SuspendedUsersRefused suspendedUsers;

    WebConfiguration(SuspendedUsersRefused suspendedUsers) {
        this.suspendedUsers = suspendedUsers;
    }

    /** Every endpoint of the API serves the caller's data, her unit's or (an administrator's) her municipality's. */
    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(suspendedUsers).addPathPatterns("/api/**");
    }
}
