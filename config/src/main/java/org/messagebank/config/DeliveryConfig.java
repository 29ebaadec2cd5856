package org.messagebank.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Delivery of messages by SMS, email and webhook.
 *
 * @param publicUrl         base URL of this server as clients and Twilio reach it ({@code delivery.public-url})
 * @param workers           dispatch workers per channel ({@code delivery.workers})
 * @param pollInterval      how often idle workers look for work ({@code delivery.poll-interval})
 * @param lease             how long a worker holds a dispatch ({@code delivery.lease})
 * @param maxAttempts       attempts before a dispatch is dead-lettered ({@code delivery.max-attempts})
 * @param retryInitial      first retry delay ({@code delivery.retry-initial})
 * @param retryMax          longest retry delay ({@code delivery.retry-max})
 * @param escalationAfter   default unacknowledged time before escalation ({@code delivery.escalation-after})
 * @param escalationRounds  default escalation rounds ({@code delivery.escalation-rounds})
 * @param ackWord           the SMS reply that acknowledges ({@code delivery.ack-word})
 * @param webhookTimeout    time-out of a webhook POST ({@code webhook.timeout})
 * @param webhookPrivateNetworks whether webhooks may call this machine and private networks ({@code webhook.private-networks})
 */
public record DeliveryConfig(String publicUrl, int workers, Duration pollInterval, Duration lease, int maxAttempts,
                             Duration retryInitial, Duration retryMax, Duration escalationAfter, int escalationRounds,
                             String ackWord, Sms sms, Mail mail, Duration webhookTimeout,
                             boolean webhookPrivateNetworks) {

    /**
     * SMS through Twilio.
     *
     * @param accountSid  {@code sms.twilio.account-sid}; empty writes SMS to files
     * @param authToken   {@code sms.twilio.auth-token}; never print it
     * @param from        {@code sms.from}: E.164 number or Messaging Service SID
     * @param rate        {@code sms.rate}: messages per second per sender
     * @param maxSegments {@code sms.max-segments}
     * @param timeout     {@code sms.timeout}
     */
    public record Sms(String accountSid, String authToken, String from, int rate, int maxSegments, Duration timeout) {

        /** Whether Twilio credentials are set; otherwise SMS are written to files. */
        public boolean twilio() {
            return !accountSid.isEmpty() && !authToken.isEmpty();
        }

        @Override
        public String toString() {
            return "Sms[accountSid=" + accountSid + ", authToken=" + (authToken.isEmpty() ? "" : "(value hidden)") + ", from=" + from
                    + ", rate=" + rate + ", maxSegments=" + maxSegments + ", timeout=" + timeout + "]";
        }
    }

    /**
     * Email over SMTP.
     *
     * @param host             {@code mail.smtp.host}; empty writes .eml files
     * @param port             {@code mail.smtp.port}
     * @param tls              {@code mail.smtp.tls}: implicit TLS
     * @param startTlsRequired {@code mail.smtp.starttls-required}
     * @param user             {@code mail.smtp.user}; empty for no authentication
     * @param password         {@code mail.smtp.password}; never print it
     * @param trustFile        {@code mail.smtp.trust-file}
     * @param timeout          {@code mail.smtp.timeout}
     * @param from             {@code mail.from}
     */
    public record Mail(String host, int port, boolean tls, boolean startTlsRequired, String user, String password,
                       Optional<Path> trustFile, Duration timeout, String from) {

        /** Whether an SMTP host is set; otherwise emails are written to files. */
        public boolean smtp() {
            return !host.isEmpty();
        }

        @Override
        public String toString() {
            return "Mail[host=" + host + ", port=" + port + ", tls=" + tls + ", startTlsRequired=" + startTlsRequired + ", user=" + user
                    + ", password=" + (password.isEmpty() ? "" : "(value hidden)") + ", trustFile=" + trustFile + ", timeout=" + timeout
                    + ", from=" + from + "]";
        }
    }
}
