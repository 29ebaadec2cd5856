package org.messagebank.delivery.webhook;

import org.apache.hc.client5.http.DnsResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a webhook's host for the connection itself and refuses it when any of its addresses
 * is internal ({@link WebhookAddresses#internal}). The connection goes to the addresses checked
 * here, so a name that resolves to a public address when the webhook is set and to an internal
 * one when it is called (DNS rebinding) is refused too.
 */
final class PublicAddressResolver implements DnsResolver {
    private final DnsResolver system;

    PublicAddressResolver(DnsResolver system) {
        this.system = system;
    }

    /** Thrown for a host with an internal address; the webhook is not called. */
    static final class InternalAddressException extends UnknownHostException {
        InternalAddressException(String host) {
            super(host + " resolves to an address of this machine or a private network");
        }
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = system.resolve(host);
        for (InetAddress address : addresses) {
            if (WebhookAddresses.internal(address)) {
                throw new InternalAddressException(host);
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return system.resolveCanonicalHostname(host);
    }
}
