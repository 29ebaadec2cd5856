package org.messagebank.config;

import java.util.Map;
import java.util.Optional;

/**
 * The whole server configuration, one record per component. Load it with {@link ConfigLoader}.
 */
public record MessageBankConfig(DataConfig data, HttpConfig http, AgiConfig agi, DatabaseConfig database,
                                IndexConfig index, PhoneConfig phone,
                                RetentionConfig retention, WebConfig web, TelephonyConfig telephony,
                                DeliveryConfig delivery, EventsConfig events) {

    /** The configuration with every key at its default: the same as loading with no file and an empty environment. */
    public static MessageBankConfig defaults() {
        return ConfigLoader.load(Optional.empty(), Map.of());
    }
}
