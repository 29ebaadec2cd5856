package org.messagebank.store.domain;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A person who receives a client's messages.
 *
 * @param mobile          E.164, or null when the contact has no mobile
 * @param email           address, or null
 * @param normalChannels  channels for normal messages
 * @param urgentChannels  channels for urgent messages
 * @param escalationOrder position on the client's escalation list (1 first), or null when not on it;
 *                        the first on the list gets urgent messages at once, the others only
 *                        by escalation, when those before have not acknowledged in time
 */
public record Contact(long id, long clientId, String name, String mobile, String email,
                      Set<DeliveryChannel> normalChannels, Set<DeliveryChannel> urgentChannels, Integer escalationOrder) {
    public Contact {
        Objects.requireNonNull(name, "name");
        normalChannels = copy(normalChannels);
        urgentChannels = copy(urgentChannels);
        if (normalChannels.contains(DeliveryChannel.WEBHOOK) || urgentChannels.contains(DeliveryChannel.WEBHOOK)) {
            throw new IllegalArgumentException("a contact is reached by SMS or email; the webhook belongs to the client");
        }
    }

    /** A contact not yet stored (id 0). */
    public static Contact of(long clientId, String name, String mobile, String email,
                             Set<DeliveryChannel> normal, Set<DeliveryChannel> urgent, Integer escalationOrder) {
        return new Contact(0, clientId, name, mobile, email, normal, urgent, escalationOrder);
    }

    /** The channels the rules give for a message of this urgency, less those the contact has no address for. */
    public Set<DeliveryChannel> channelsFor(Urgency urgency) {
        var channels = copy(urgency == Urgency.URGENT ? urgentChannels : normalChannels);
        if (mobile == null) {
            channels.remove(DeliveryChannel.SMS);
        }
        if (email == null) {
            channels.remove(DeliveryChannel.EMAIL);
        }
        return channels;
    }

    private static Set<DeliveryChannel> copy(Set<DeliveryChannel> channels) {
        return channels.isEmpty() ? EnumSet.noneOf(DeliveryChannel.class) : EnumSet.copyOf(channels);
    }

    @Override
    public String toString() {
        return "Contact[id=" + id + ", clientId=" + clientId + ", normal=" + normalChannels + ", urgent=" + urgentChannels
                + ", escalationOrder=" + escalationOrder + "]";
    }
}
