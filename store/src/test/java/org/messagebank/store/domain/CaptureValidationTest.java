package org.messagebank.store.domain;

import org.junit.jupiter.api.Test;
import org.messagebank.store.PhoneNumbers;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptureValidationTest {
    private static final CaptureScript SCRIPT = new CaptureScript(7, 3, List.of(
            ScriptField.of("caller_name", "Caller's name", FieldType.TEXT, true),
            ScriptField.of("callback", "Callback number", FieldType.PHONE, true),
            ScriptField.of("email", "Email", FieldType.EMAIL, false),
            ScriptField.of("visit", "Visit date", FieldType.DATE, false),
            ScriptField.of("postcode", "Postcode", FieldType.POSTCODE, false),
            ScriptField.of("reason", "Reason", FieldType.LONGTEXT, true),
            ScriptField.choice("urgency", "Urgency", true, "normal", "urgent")), Instant.EPOCH);

    private final CaptureValidation validation = new CaptureValidation(new PhoneNumbers("GB"));

    private static Map<String, String> valid() {
        var values = new LinkedHashMap<String, String>();
        values.put("caller_name", "Jane Caller");
        values.put("callback", "07700 900123");
        values.put("email", "jane@example.org");
        values.put("visit", "2026-03-01");
        values.put("postcode", "sw1a 1aa");
        values.put("reason", "The boiler is leaking.\nPlease call back.");
        values.put("urgency", "urgent");
        return values;
    }

    @Test
    void acceptsValuesOfEveryTypeThatFitTheScript() {
        assertEquals(Map.of(), validation.problems(SCRIPT, valid()));
    }

    @Test
    void namesEachFieldThatIsMissingOrMalformed() {
        var values = valid();
        values.put("caller_name", "  ");
        values.put("callback", "not a number");
        values.put("email", "jane@");
        values.put("visit", "01/03/2026");
        values.put("postcode", "12345");
        values.put("urgency", "whenever");

        var problems = validation.problems(SCRIPT, values);

        assertEquals(List.of("caller_name", "callback", "email", "visit", "postcode", "urgency"), List.copyOf(problems.keySet()));
        assertEquals("Caller's name is required", problems.get("caller_name"));
        assertEquals("Callback number is not a telephone number (region GB)", problems.get("callback"));
        assertEquals("Urgency must be one of normal, urgent", problems.get("urgency"));
        assertEquals("Visit date must be a date such as 2026-03-01", problems.get("visit"));
    }

    @Test
    void refusesOverlongTextAFieldTheScriptLacksAndOptionalBlanksPass() {
        var values = valid();
        values.put("caller_name", "x".repeat(CaptureValidation.TEXT_MAX + 1));
        values.put("reason", "y".repeat(CaptureValidation.LONGTEXT_MAX + 1));
        values.put("email", "");
        values.remove("visit");
        values.put("shoe_size", "9");

        var problems = validation.problems(SCRIPT, values);

        assertEquals(List.of("caller_name", "reason", "shoe_size"), List.copyOf(problems.keySet()));
        assertTrue(problems.get("shoe_size").contains("version 3"), problems.get("shoe_size"));
    }

    @Test
    void postcodesOutsideBritainOnlyNeedAPlausibleShape() {
        var us = new CaptureValidation(new PhoneNumbers("US"));
        var values = Map.of("caller_name", "A", "callback", "+12025550123", "reason", "r", "urgency", "normal",
                "postcode", "20500-0003");
        assertEquals(Map.of(), us.problems(SCRIPT, values));
    }

    @Test
    void cleanedValuesAreStrippedInScriptOrderWithoutBlanks() {
        var values = new LinkedHashMap<String, String>();
        values.put("urgency", "normal");
        values.put("email", " ");
        values.put("caller_name", "  Jane ");

        assertEquals(List.of(Map.entry("caller_name", "Jane"), Map.entry("urgency", "normal")),
                List.copyOf(CaptureValidation.cleaned(SCRIPT, values).entrySet()));
    }
}
