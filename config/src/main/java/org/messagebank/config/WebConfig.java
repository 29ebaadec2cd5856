package org.messagebank.config;

import java.time.Duration;

/**
 * Sign-in and sessions for the web pages and the JSON API.
 *
 * @param sessionIdleTimeout     {@code web.session-idle-timeout}
 * @param sessionAbsoluteTimeout {@code web.session-absolute-timeout}
 * @param loginMaxFailures       {@code web.login-max-failures}
 * @param lockout                {@code web.lockout}
 * @param addressMaxFailures     {@code web.address-max-failures}
 */
public record WebConfig(Duration sessionIdleTimeout, Duration sessionAbsoluteTimeout, int loginMaxFailures, Duration lockout,
                        int addressMaxFailures) {
}
