package org.messagebank.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueTypeTest {

    private final ValueType<Duration> anyDuration = ValueType.duration("0ms", "365d");

    @Test
    void parsesDurationsWithUnits() throws InvalidValueException {
        assertEquals(Duration.ofMillis(200), anyDuration.parse("200ms"));
        assertEquals(Duration.ofSeconds(5), anyDuration.parse("5s"));
        assertEquals(Duration.ofMinutes(10), anyDuration.parse("10m"));
        assertEquals(Duration.ofHours(2), anyDuration.parse("2h"));
        assertEquals(Duration.ofDays(7), anyDuration.parse("7d"));
    }

    @Test
    void parsesIsoDurations() throws InvalidValueException {
        assertEquals(Duration.ofSeconds(5), anyDuration.parse("PT5S"));
        assertEquals(Duration.ofMillis(1500), anyDuration.parse("PT1.5S"));
    }

    @Test
    void rejectsDurationsWithoutUnitOrWithUnknownUnit() {
        assertNotA("a duration", anyDuration, "200");
        assertNotA("a duration", anyDuration, "5 s");
        assertNotA("a duration", anyDuration, "5sec");
        assertNotA("a duration", anyDuration, "1.5s");
        assertNotA("a duration", anyDuration, "");
    }

    @Test
    void rejectsDurationsOutsideTheirRange() throws InvalidValueException {
        ValueType<Duration> refresh = ValueType.duration("10ms", "60s");

        assertEquals(Duration.ofMillis(10), refresh.parse("10ms"));
        assertEquals(Duration.ofMinutes(1), refresh.parse("1m"));
        assertOutOfRange(refresh, "9ms");
        assertOutOfRange(refresh, "61s");
        assertOutOfRange(refresh, "-PT1S");
        assertOutOfRange(refresh, "99999999999999999999d");
    }

    @Test
    void parsesIntegersWithinRangeOnly() throws InvalidValueException {
        ValueType<Integer> port = ValueType.integer(0, 65535);

        assertEquals(0, port.parse("0"));
        assertEquals(65535, port.parse("65535"));
        assertOutOfRange(port, "-1");
        assertOutOfRange(port, "65536");
        assertOutOfRange(port, "99999999999999999999");
        assertNotA("an integer", port, "80.0");
        assertNotA("an integer", port, "0x50");
        assertEquals("integer 0..65535", port.name());
    }

    @Test
    void acceptsOnlyTrueOrFalseAsBoolean() throws InvalidValueException {
        ValueType<Boolean> flag = ValueType.bool();

        assertTrue(flag.parse("true"));
        assertFalse(flag.parse("false"));
        assertNotA("a boolean", flag, "yes");
        assertNotA("a boolean", flag, "1");
        assertNotA("a boolean", flag, "on");
    }

    @Test
    void acceptsSupportedRegionsUpperCased() throws InvalidValueException {
        ValueType<String> region = ValueType.region();

        assertEquals("GB", region.parse("GB"));
        assertEquals("DE", region.parse("de"));
        assertNotA("a supported region", region, "ZZ");
        assertNotA("a supported region", region, "001");
        assertNotA("a supported region", region, "");
    }

    @Test
    void normalizesPathsAndRejectsEmptyOnes() throws InvalidValueException {
        assertEquals(Path.of("data"), ValueType.path().parse("./data"));
        assertEquals(Path.of("/srv/mb"), ValueType.path().parse("/srv/x/../mb/"));
        assertNotA("a path", ValueType.path(), "");
        assertEquals(Optional.empty(), ValueType.optionalPath().parse(""));
        assertEquals(Optional.of(Path.of("index")), ValueType.optionalPath().parse("./index"));
    }

    @Test
    void onlySecretStringsAreSecret() {
        assertTrue(ValueType.secretString().isSecret());
        assertFalse(ValueType.string().isSecret());
    }

    private static void assertNotA(String kind, ValueType<?> type, String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> type.parse(text), text);
        assertEquals("is not " + kind, e.getMessage(), text);
    }

    private static void assertOutOfRange(ValueType<?> type, String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> type.parse(text), text);
        assertEquals("is out of range", e.getMessage(), text);
    }
}
