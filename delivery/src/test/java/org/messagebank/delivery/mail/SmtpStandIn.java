package org.messagebank.delivery.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import java.io.IOException;
import java.net.ServerSocket;

/** GreenMail as the SMTP server of delivery tests, on a port a test can stop and start it again on. */
public final class SmtpStandIn {
    private SmtpStandIn() {
    }

    /** A port free now, for a server to be started on (and restarted on) later. */
    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Plain SMTP on 127.0.0.1 at {@code port}, started. */
    public static GreenMail start(int port) {
        var mail = new GreenMail(setup(port, "smtp"));
        mail.start();
        return mail;
    }

    /** A server on 127.0.0.1; a loaded shared machine can take more than GreenMail's default two seconds to start it. */
    public static ServerSetup setup(int port, String protocol) {
        var setup = new ServerSetup(port, "127.0.0.1", protocol);
        setup.setServerStartupTimeout(30_000);
        return setup;
    }
}
