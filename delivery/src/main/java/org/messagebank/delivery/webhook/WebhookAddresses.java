package org.messagebank.delivery.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which hosts a webhook may reach when private networks are not allowed
 * ({@code webhook.private-networks}): public addresses only, so that a client cannot make the
 * server call this machine or a network behind it.
 */
public final class WebhookAddresses {
    private WebhookAddresses() {
    }

    /**
     * True for an address of this machine or of a network that is not the public internet:
     * loopback, unspecified ({@code 0.0.0.0/8}, {@code ::}), private ({@code 10/8},
     * {@code 172.16/12}, {@code 192.168/16}, IPv6 unique local {@code fc00::/7}), link-local,
     * shared ({@code 100.64/10}) and multicast.
     */
    public static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isSiteLocalAddress()
                || address.isLinkLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        return switch (address) {
            case Inet4Address v4 -> bytes[0] == 0 || (bytes[0] == 100 && (bytes[1] & 0xc0) == 64);
            case Inet6Address v6 -> (bytes[0] & 0xfe) == 0xfc;
            default -> false;
        };
    }

    /**
     * True for a host that names this machine ({@code localhost}, {@code *.localhost}) or is a
     * literal internal address; names are otherwise checked each time they are resolved.
     */
    public static boolean internalHost(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        boolean literal = name.startsWith("[") || name.matches("[0-9.]+");
        if (!literal) {
            return false;
        }
        try {
            return internal(InetAddress.getByName(name.replace("[", "").replace("]", "")));
        } catch (UnknownHostException e) {
            return true;
        }
    }
}
