package org.messagebank.telephony.agi;

import org.asteriskjava.fastagi.command.ExecCommand;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Our Dial command is written byte for byte as Asterisk-Java's {@code ExecCommand} writes it. */
class DialCommandTest {
    @Test
    void writesWhatAsteriskJavasExecCommandWrites() {
        for (var options : List.of("PJSIP/101,20", "Local/100@operators,10,S(3)", "SIP/a\\b,5", "PJSIP/\"x\",1",
                "PJSIP/line\nbreak,20", "", "PJSIP/ünïcode,20")) {
            assertEquals(new ExecCommand("Dial", options).buildCommand(), new DialCommand(options).buildCommand(), options);
        }
        assertEquals("EXEC \"Dial\" \"PJSIP/101,20\"", new DialCommand("PJSIP/101,20").buildCommand());
    }
}
