package org.messagebank.delivery.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
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
     * shared ({@code 100.64/10}), IETF protocol assignments ({@code 192.0.0/24}), benchmarking
     * ({@code 198.18/15}), reserved and broadcast ({@code 240/4}) and multicast; and for an IPv6
     * address that carries one of those IPv4 addresses (IPv4-mapped {@code ::ffff:0:0/96},
     * IPv4-compatible {@code ::/96}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}).
     */
    public static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isSiteLocalAddress()
                || address.isLinkLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        return switch (address) {
            case Inet4Address v4 -> internalV4(b);
            case Inet6Address v6 -> (b[0] & 0xfe) == 0xfc || carriesInternalV4(b);
            default -> false;
        };
    }

    private static boolean internalV4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 || first == 10 || first == 127 || first >= 224
                || (first == 100 && (second & 0xc0) == 64)
                || (first == 169 && second == 254)
                || (first == 172 && (second & 0xf0) == 16)
                || (first == 192 && second == 168)
                || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                || (first == 198 && (second & 0xfe) == 18);
    }

    private static boolean carriesInternalV4(byte[] b) {
        boolean firstTenZero = Arrays.equals(b, 0, 10, new byte[10], 0, 10);
        boolean mapped = firstTenZero && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        boolean compatible = firstTenZero && b[10] == 0 && b[11] == 0;
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b
                && Arrays.equals(b, 4, 12, new byte[8], 0, 8);
        if (mapped || compatible || nat64) {
            return internalV4(Arrays.copyOfRange(b, 12, 16));
        }
        boolean sixToFour = b[0] == 0x20 && b[1] == 0x02;
        return sixToFour && internalV4(Arrays.copyOfRange(b, 2, 6));
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
