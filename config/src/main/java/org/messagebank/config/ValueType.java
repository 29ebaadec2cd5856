package org.messagebank.config;

import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of a configuration value: how its text is parsed and validated, and how it is
 * described in documentation and error messages.
 *
 * @param <T> the Java type the text is parsed into
 */
public final class ValueType<T> {

    @FunctionalInterface
    interface Parser<T> {
        T parse(String text) throws InvalidValueException;
    }

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final String name;
    private final String expectation;
    private final boolean secret;
    private final Parser<T> parser;
    private final boolean mapping;

    ValueType(String name, String expectation, boolean secret, Parser<T> parser) {
        this(name, expectation, secret, false, parser);
    }

    private ValueType(String name, String expectation, boolean secret, boolean mapping, Parser<T> parser) {
        this.name = name;
        this.expectation = expectation;
        this.secret = secret;
        this.mapping = mapping;
        this.parser = parser;
    }

    /** Any text. */
    public static ValueType<String> string() {
        return new ValueType<>("string", "any text", false, text -> text);
    }

    /** Any text that must never be shown: messages say {@code (value hidden)} instead. */
    public static ValueType<String> secretString() {
        return new ValueType<>("secret string", "any text", true, text -> text);
    }

    /** A decimal integer from {@code min} to {@code max} inclusive. */
    public static ValueType<Integer> integer(int min, int max) {
        return new ValueType<>("integer " + min + ".." + max, "an integer from " + min + " to " + max, false, text -> {
            BigInteger value;
            try {
                value = new BigInteger(text.strip());
            } catch (NumberFormatException e) {
                throw InvalidValueException.notA("an integer");
            }
            if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
                throw InvalidValueException.outOfRange();
            }
            return value.intValueExact();
        });
    }

    /** {@code true} or {@code false}, nothing else. */
    public static ValueType<Boolean> bool() {
        return new ValueType<>("boolean", "true or false", false, text -> switch (text.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw InvalidValueException.notA("a boolean");
        });
    }

    /** A non-empty file system path, normalized. */
    public static ValueType<Path> path() {
        return new ValueType<>("path", "a non-empty file system path", false, ValueType::parsePath);
    }

    /** A file system path, normalized, or the empty text for "derive it from another key". */
    public static ValueType<Optional<Path>> optionalPath() {
        return new ValueType<>("path or empty", "a file system path, or empty", false,
                text -> text.isEmpty() ? Optional.empty() : Optional.of(parsePath(text)));
    }

    /**
     * A duration from {@code min} to {@code max} inclusive, written as a whole number with a unit
     * ({@code 200ms}, {@code 5s}, {@code 10m}, {@code 2h}, {@code 7d}) or in ISO-8601
     * ({@code PT5S}); a number without a unit is rejected. The bounds use the same notation.
     */
    public static ValueType<Duration> duration(String min, String max) {
        Duration low = boundary(min);
        Duration high = boundary(max);
        return new ValueType<>("duration " + min + ".." + max,
                "a duration from " + min + " to " + max + " with a unit (ms, s, m, h or d) or in ISO-8601 such as PT5S",
                false, text -> {
                    Duration value = parseDuration(text);
                    if (value.compareTo(low) < 0 || value.compareTo(high) > 0) {
                        throw InvalidValueException.outOfRange();
                    }
                    return value;
                });
    }

    /** A region code that libphonenumber supports, such as {@code GB}; upper-cased. */
    public static ValueType<String> region() {
        return new ValueType<>("region", "a region code that libphonenumber supports, such as GB or US", false, text -> {
            String region = text.strip().toUpperCase(Locale.ROOT);
            if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
                throw InvalidValueException.notA("a supported region");
            }
            return region;
        });
    }

    /** A time zone by its IANA name, such as {@code Europe/London}. */
    public static ValueType<java.time.ZoneId> timeZone() {
        return new ValueType<>("time zone", "an IANA time zone such as Europe/London or UTC", false, text -> {
            try {
                return java.time.ZoneId.of(text.strip());
            } catch (java.time.DateTimeException e) {
                throw InvalidValueException.notA("a time zone (an IANA name such as Europe/London)");
            }
        });
    }

    /** One of the given words, exactly as written (lower case by convention). */
    public static ValueType<String> oneOf(String... choices) {
        var allowed = java.util.List.of(choices);
        String listed = String.join(" or ", allowed);
        return new ValueType<>("one of " + String.join(", ", allowed), listed, false, text -> {
            String choice = text.strip();
            if (!allowed.contains(choice)) {
                throw InvalidValueException.notA("one of " + listed);
            }
            return choice;
        });
    }

    /** A JDBC URL (starting with {@code jdbc:}), or the empty text for the embedded database. */
    public static ValueType<String> jdbcUrl() {
        return new ValueType<>("JDBC URL or empty", "a JDBC URL starting with jdbc:, or empty for the embedded H2 database",
                false, text -> {
                    if (!text.isEmpty() && !text.startsWith("jdbc:")) {
                        throw InvalidValueException.notA("a JDBC URL");
                    }
                    return text;
                });
    }

    /**
     * Letters, digits, dots, dashes and underscores (safe in a broker's topic and group names),
     * at most {@code max} of them, or empty.
     */
    public static ValueType<String> identifier(int max) {
        var allowed = Pattern.compile("[A-Za-z0-9._-]{0," + max + "}");
        return new ValueType<>("name", "up to " + max + " letters, digits, dots, dashes and underscores", false, text -> {
            String name = text.strip();
            if (!allowed.matcher(name).matches()) {
                throw InvalidValueException.notA("a name");
            }
            return name;
        });
    }

    /** A comma-separated list of {@code host:port}, such as {@code kafka1:9092,kafka2:9092}, or empty. */
    public static ValueType<String> hostPorts() {
        var hostPort = Pattern.compile("[A-Za-z0-9._-]+:(\\d{1,5})|\\[[0-9A-Fa-f:.]+]:(\\d{1,5})");
        return new ValueType<>("host:port list", "a comma-separated list of host:port, or empty", false, text -> {
            String list = text.strip();
            if (list.isEmpty()) {
                return list;
            }
            for (String entry : list.split(",", -1)) {
                Matcher m = hostPort.matcher(entry.strip());
                if (!m.matches()) {
                    throw InvalidValueException.notA("a list of host:port");
                }
                int port = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
                if (port < 1 || port > 65535) {
                    throw InvalidValueException.outOfRange();
                }
            }
            return list.replaceAll("\\s+", "");
        });
    }

    /**
     * Named text values, such as client properties: in the file a mapping ({@code name: value},
     * nested names joined by dots), in the environment the text of a Java properties file
     * ({@code name=value} lines). Secret, since values may hold passwords: only names are shown.
     */
    public static ValueType<Map<String, String>> properties() {
        return new ValueType<>("properties", "name: value pairs, or name=value lines", true, true, text -> {
            var properties = new Properties();
            try {
                properties.load(new StringReader(text));
            } catch (IOException | IllegalArgumentException e) {
                throw InvalidValueException.notA("name=value lines");
            }
            var byName = new TreeMap<String, String>();
            properties.stringPropertyNames().forEach(n -> byName.put(n, properties.getProperty(n)));
            return Collections.unmodifiableMap(byName);
        });
    }

    /** Whether a file may give this value as a mapping, read as {@link #properties()} text. */
    boolean acceptsMapping() {
        return mapping;
    }

    /** Short name for documentation, such as {@code integer 1..200}. */
    public String name() {
        return name;
    }

    /** What a valid value looks like, completing "expected ...", such as {@code an integer from 1 to 200}. */
    public String expectation() {
        return expectation;
    }

    /** Whether values of this type must never be shown. */
    public boolean isSecret() {
        return secret;
    }

    T parse(String text) throws InvalidValueException {
        return parser.parse(text);
    }

    private static Path parsePath(String text) throws InvalidValueException {
        if (text.isBlank()) {
            throw InvalidValueException.notA("a path");
        }
        try {
            return Path.of(text).normalize();
        } catch (InvalidPathException e) {
            throw InvalidValueException.notA("a valid path");
        }
    }

    private static Duration parseDuration(String text) throws InvalidValueException {
        String trimmed = text.strip();
        Matcher shortForm = SHORT_DURATION.matcher(trimmed);
        try {
            if (shortForm.matches()) {
                return Duration.of(Long.parseLong(shortForm.group(1)), unit(shortForm.group(2)));
            }
            return Duration.parse(trimmed);
        } catch (NumberFormatException | ArithmeticException e) {
            throw InvalidValueException.outOfRange();
        } catch (DateTimeParseException e) {
            throw InvalidValueException.notA("a duration");
        }
    }

    private static ChronoUnit unit(String symbol) {
        return switch (symbol) {
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            default -> ChronoUnit.DAYS;
        };
    }

    private static Duration boundary(String text) {
        try {
            return parseDuration(text);
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException("invalid duration bound " + text, e);
        }
    }
}
