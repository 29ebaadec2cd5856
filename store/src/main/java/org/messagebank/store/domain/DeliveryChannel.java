package org.messagebank.store.domain;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** How a message reaches someone: a text to a mobile, an email, or a signed JSON POST to the client's system. */
public enum DeliveryChannel {
    SMS, EMAIL, WEBHOOK;

    /** Channels written as a comma-separated list, such as {@code SMS,EMAIL}; empty text is no channel. */
    public static Set<DeliveryChannel> parseSet(String text) {
        if (text == null || text.isBlank()) {
            return EnumSet.noneOf(DeliveryChannel.class);
        }
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> valueOf(s.toUpperCase(Locale.ROOT)))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DeliveryChannel.class)));
    }

    /** The inverse of {@link #parseSet}. */
    public static String format(Set<DeliveryChannel> channels) {
        return channels.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }
}
