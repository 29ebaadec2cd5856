package org.messagebank.config;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Sign-in and sessions for the web pages and the JSON API.
 *
 * @param sessionIdleTimeout     {@code web.session-idle-timeout}
 * @param sessionAbsoluteTimeout {@code web.session-absolute-timeout}
 * @param loginMaxFailures       {@code web.login-max-failures}
 * @param lockout                {@code web.lockout}
 * @param addressMaxFailures     {@code web.address-max-failures}
 * @param timeZone               {@code web.time-zone}
 */
public record WebConfig(Duration sessionIdleTimeout, Duration sessionAbsoluteTimeout, int loginMaxFailures, Duration lockout,
                        int addressMaxFailures, ZoneId timeZone) {
}
