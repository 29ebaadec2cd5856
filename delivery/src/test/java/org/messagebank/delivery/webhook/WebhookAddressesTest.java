package org.messagebank.delivery.webhook;

import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookAddressesTest {

    @Test
    void addressesOfThisMachineAndOfPrivateNetworksAreInternal() throws Exception {
        for (String address : List.of("127.0.0.1", "127.9.9.9", "0.0.0.0", "0.1.2.3", "10.1.2.3", "172.16.0.1", "172.31.255.254",
                "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.254", "224.0.0.1", "::1", "::", "fc00::1",
                "fd12:3456::1", "fe80::1", "ff02::1", "::ffff:10.0.0.1", "192.0.0.8", "198.18.0.1", "198.19.255.1",
                "240.0.0.1", "255.255.255.255", "::127.0.0.1", "::10.1.2.3", "64:ff9b::a00:1", "64:ff9b::7f00:1",
                "2002:7f00:1::1", "2002:c0a8:101::1")) {
            assertTrue(WebhookAddresses.internal(InetAddress.getByName(address)), address);
        }
    }

    @Test
    void anIpv6AddressCarryingAnInternalIpv4AddressIsInternalHoweverTheResolverReturnsIt() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 169;
        mapped[13] = (byte) 254;
        mapped[14] = (byte) 169;
        mapped[15] = (byte) 254;
        var address = Inet6Address.getByAddress(null, mapped, -1);
        assertTrue(WebhookAddresses.internal(address), address + " (the cloud metadata address, IPv4-mapped)");
        mapped[12] = 8;
        mapped[13] = 8;
        mapped[14] = 8;
        mapped[15] = 8;
        assertFalse(WebhookAddresses.internal(Inet6Address.getByAddress(null, mapped, -1)), "8.8.8.8, IPv4-mapped");
    }

    @Test
    void publicAddressesAreNot() throws Exception {
        for (String address : List.of("8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "100.63.255.255", "192.169.0.1",
                "192.0.2.1", "198.20.0.1", "223.255.255.1", "2001:4860:4860::8888", "2a00:1450::1", "64:ff9b::808:808",
                "2002:808:808::1", "::8.8.8.8")) {
            assertFalse(WebhookAddresses.internal(InetAddress.getByName(address)), address);
        }
    }

    @Test
    void namesOfThisMachineAndInternalLiteralsAreRefusedWhenAWebhookIsSetOtherNamesOnlyWhenResolved() {
        for (String host : List.of("localhost", "LOCALHOST", "api.localhost", "127.0.0.1", "10.0.0.5", "[::1]", "[fd00::1]", "100.64.1.1")) {
            assertTrue(WebhookAddresses.internalHost(host), host);
        }
        for (String host : List.of("crm.example.com", "8.8.8.8", "[2001:4860:4860::8888]", "localhost.example.com")) {
            assertFalse(WebhookAddresses.internalHost(host), host);
        }
    }
}
