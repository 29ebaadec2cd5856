package org.messagebank.config;

/**
 * Phone number handling.
 *
 * @param defaultRegion upper-case region code, supported by libphonenumber, for numbers written
 *                      without a country code ({@code phone.default-region})
 */
public record PhoneConfig(String defaultRegion) {
}
