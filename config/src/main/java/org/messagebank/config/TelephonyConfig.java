package org.messagebank.config;

import java.time.Duration;

/**
 * Call handling: FastAGI limits, the operator queue (ACD) and the Asterisk Manager Interface.
 *
 * @param maxSessions         most FastAGI sessions held at once ({@code agi.max-sessions})
 * @param environmentTimeout  how long the AGI environment may take to arrive ({@code agi.environment-timeout})
 * @param maxLineLength       longest accepted AGI line ({@code agi.max-line-length})
 * @param dialledNumberFromDnid read the dialled number from {@code agi_dnid} instead of
 *                            {@code agi_extension} ({@code agi.dialled-number-from})
 * @param ringTimeout         how long an operator's phone rings ({@code acd.ring-timeout})
 * @param wrapUpLimit         longest wrap-up after a call ({@code acd.wrap-up-limit})
 * @param defaultMaxWait      queue wait before overflow for clients without a setting ({@code acd.default-max-wait})
 * @param ami                 the AMI connection
 */
public record TelephonyConfig(int maxSessions, Duration environmentTimeout, int maxLineLength, boolean dialledNumberFromDnid,
                              Duration ringTimeout, Duration wrapUpLimit, Duration defaultMaxWait, Ami ami) {

    /**
     * The Asterisk Manager Interface connection.
     *
     * @param host             empty when AMI is not used ({@code ami.host})
     * @param port             ({@code ami.port})
     * @param username         ({@code ami.username})
     * @param secret           never logged ({@code ami.secret})
     * @param originateContext dialplan context for call-backs ({@code ami.originate-context})
     * @param reconnectMaxDelay longest pause between connection attempts ({@code ami.reconnect-max-delay})
     */
    public record Ami(String host, int port, String username, String secret, String originateContext,
                      Duration reconnectMaxDelay) {

        public boolean enabled() {
            return !host.isBlank();
        }

        @Override
        public String toString() {
            return "Ami[host=" + host + ", port=" + port + ", username=" + username + ", secret=(hidden), originateContext="
                    + originateContext + ", reconnectMaxDelay=" + reconnectMaxDelay + "]";
        }
    }
}
