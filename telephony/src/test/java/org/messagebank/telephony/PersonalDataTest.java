package org.messagebank.telephony;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.telephony.event.CallEnded;
import org.messagebank.telephony.sim.CallSimulator.DialOutcome;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.messagebank.telephony.TelephonyHarness.ACME_NUMBER;
import static org.messagebank.telephony.TelephonyHarness.to;

/** Caller numbers and names appear neither in logs at INFO or above nor in bus events. */
class PersonalDataTest {
    @TempDir
    Path dir;
    private TelephonyHarness h;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger asteriskJava;
    private Level asteriskJavaLevel;

    @BeforeEach
    void captureLogs() {
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        asteriskJava = (Logger) LoggerFactory.getLogger("org.asteriskjava");
        asteriskJavaLevel = asteriskJava.getLevel();
        asteriskJava.setLevel(Level.INFO);
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        asteriskJava.setLevel(asteriskJavaLevel);
    }

    @Test
    void aWholeCallLogsAndPublishesNoCallerDetails() throws Exception {
        h = new TelephonyHarness(dir, TelephonyHarness.Options.defaults());
        Await.until(h.telephony::amiConnected, "AMI login");
        h.telephony.logIn(h.op1.id());

        var result = h.callAndWait(to(ACME_NUMBER), (endpoint, ring) -> {
            h.ami.emit(TelephonyHarness.amiEvent("DialEnd", "x"));
            return DialOutcome.answeredThenCallerHungUp();
        });
        assertEquals("ANSWERED", result.status());
        h.bus.await(CallEnded.class, e -> true);
        h.callAndWait(to("02079469999"), (endpoint, ring) -> DialOutcome.noAnswer());

        var secrets = List.of("07700900123", "7700900123", "Jane Caller", "Jane", "s3cret");
        for (var event : logs.list) {
            if (event.getLevel().isGreaterOrEqual(Level.INFO)) {
                String text = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
                secrets.forEach(secret -> assertFalse(text.contains(secret), "log line holds personal data: " + text));
            }
        }
        for (var event : h.timeline) {
            secrets.forEach(secret -> assertFalse(event.toString().contains(secret), "event holds personal data: " + event));
        }
    }
}
