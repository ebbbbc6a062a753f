package se.samverkan.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxRequestBody the largest request body a service accepts (SAMVERKAN_HTTP_MAX_REQUEST_BODY); larger ones get
 *                       413 before they are read. The largest legitimate body (a referral with three 10,000-character
 *                       texts, JSON-escaped) stays well below the default.
 */
@ConfigurationProperties("samverkan.http")
public record HttpLimits(@DefaultValue("512KB") DataSize maxRequestBody) {
}
