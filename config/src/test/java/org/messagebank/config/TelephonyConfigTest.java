package org.messagebank.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelephonyConfigTest {

    @Test
    void defaultsRunWithoutAmiAndReadTheExtension() {
        var telephony = MessageBankConfig.defaults().telephony();
        assertEquals(12000, telephony.maxSessions());
        assertEquals(Duration.ofSeconds(5), telephony.environmentTimeout());
        assertFalse(telephony.dialledNumberFromDnid());
        assertFalse(telephony.ami().enabled());
        assertEquals(Duration.ofSeconds(20), telephony.ringTimeout());
    }

    @Test
    void environmentChoosesDnidAndAmi() {
        var telephony = ConfigLoader.load(Optional.empty(), Map.of("MB_AGI_DIALLED_NUMBER_FROM", "dnid",
                "MB_AMI_HOST", "pbx", "MB_AMI_SECRET", "s3cret")).telephony();
        assertTrue(telephony.dialledNumberFromDnid());
        assertTrue(telephony.ami().enabled());
        assertFalse(telephony.ami().toString().contains("s3cret"), telephony.ami().toString());
    }

    @Test
    void unknownNumberSourceNamesTheChoices() {
        var e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Optional.empty(), Map.of("MB_AGI_DIALLED_NUMBER_FROM", "rdnis")));
        assertTrue(e.getMessage().contains("expected extension or dnid"), e.getMessage());
    }
}
