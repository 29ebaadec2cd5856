package org.messagebank.store.domain;

import org.messagebank.store.PhoneNumbers;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks the values an operator typed against the client's capture script, field by field, the
 * same way the console does in the browser. The server never trusts the browser's check.
 */
public final class CaptureValidation {
    /** Longest value of a one-line field. */
    public static final int TEXT_MAX = 200;
    /** Longest value of a longtext field. */
    public static final int LONGTEXT_MAX = 4000;

    /** An address with one {@code @}, no spaces, and a dot in the domain (what a browser's email input accepts, roughly). */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    /** UK postcodes (the Royal Mail's shapes, any case, with or without the space). */
    private static final Pattern UK_POSTCODE = Pattern.compile(
            "(?i)(GIR ?0AA|[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]? ?[0-9][ABD-HJLNP-UW-Z]{2}|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]? ?[0-9][ABD-HJLNP-UW-Z]{2})");
    /** Elsewhere: letters, digits, spaces and hyphens, 3 to 10 long. */
    private static final Pattern OTHER_POSTCODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 -]{1,8}[A-Za-z0-9]");

    private final PhoneNumbers phones;

    public CaptureValidation(PhoneNumbers phones) {
        this.phones = phones;
    }

    /**
     * The problems with {@code values}, by field name, in script order; empty when the values may be
     * saved. A name the script does not have is a problem too.
     */
    public Map<String, String> problems(CaptureScript script, Map<String, String> values) {
        var problems = new LinkedHashMap<String, String>();
        for (var field : script.fields()) {
            String value = values.get(field.name());
            if (value == null || value.isBlank()) {
                if (field.required()) {
                    problems.put(field.name(), field.label() + " is required");
                }
                continue;
            }
            String problem = problem(field, value.strip());
            if (problem != null) {
                problems.put(field.name(), problem);
            }
        }
        for (var name : values.keySet()) {
            if (script.field(name).isEmpty()) {
                problems.put(name, "the script (version " + script.version() + ") has no field '" + name + "'");
            }
        }
        return problems;
    }

    /**
     * The values as they are stored: stripped of surrounding space, blanks left out, in script
     * order. Call only when {@link #problems} is empty.
     */
    public static Map<String, String> cleaned(CaptureScript script, Map<String, String> values) {
        var cleaned = new LinkedHashMap<String, String>();
        for (var field : script.fields()) {
            String value = values.get(field.name());
            if (value != null && !value.isBlank()) {
                cleaned.put(field.name(), value.strip());
            }
        }
        return cleaned;
    }

    private String problem(ScriptField field, String value) {
        return switch (field.type()) {
            case TEXT -> value.length() > TEXT_MAX || value.contains("\n")
                    ? field.label() + " must be one line of at most " + TEXT_MAX + " characters" : null;
            case LONGTEXT -> value.length() > LONGTEXT_MAX
                    ? field.label() + " must be at most " + LONGTEXT_MAX + " characters" : null;
            case PHONE -> phones.toE164(value).isEmpty()
                    ? field.label() + " is not a telephone number (region " + phones.defaultRegion() + ")" : null;
            case EMAIL -> value.length() > 254 || !EMAIL.matcher(value).matches()
                    ? field.label() + " is not an email address" : null;
            case DATE -> date(value) ? null : field.label() + " must be a date such as 2026-03-01";
            case CHOICE -> field.options().contains(value) ? null
                    : field.label() + " must be one of " + String.join(", ", field.options());
            case POSTCODE -> postcode(value) ? null : field.label() + " is not a postcode";
        };
    }

    private static boolean date(String value) {
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private boolean postcode(String value) {
        var pattern = "GB".equals(phones.defaultRegion()) ? UK_POSTCODE : OTHER_POSTCODE;
        return pattern.matcher(value).matches();
    }
}
