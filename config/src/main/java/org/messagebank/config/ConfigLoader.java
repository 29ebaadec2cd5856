package org.messagebank.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.messagebank.config.ConfigKeys.*;

/**
 * Builds the {@link MessageBankConfig} from the key defaults, then the YAML config file, then the
 * environment, each overriding the one before.
 *
 * <p>The file is the one given (by {@code --config}), else the one named by {@code MB_CONFIG},
 * else there is none. Its keys nest by the dots of their names ({@code database:} then
 * {@code pool-size: 20}); a dotted name at the top level ({@code database.pool-size: 20}) works
 * too. Each key is overridden by the environment variable {@link ConfigKey#envVar()}; any other
 * {@code MB_} variable besides {@code MB_CONFIG} is an error, as is any unknown key in the file.
 */
public final class ConfigLoader {

    /** The environment variable naming the config file when none is given explicitly. */
    public static final String CONFIG_FILE_VARIABLE = "MB_CONFIG";

    private static final String ENVIRONMENT_PREFIX = "MB_";

    private ConfigLoader() {
    }

    /**
     * Loads the configuration.
     *
     * @param file the config file given on the command line, if any
     * @param env  the environment, such as {@link System#getenv()}
     * @throws ConfigException if the file is missing, unreadable or malformed, or any key, variable
     *                         or value is unknown or invalid
     */
    public static MessageBankConfig load(Optional<Path> file, Map<String, String> env) {
        List<Source> sources = new ArrayList<>();
        sources.add(new Source(defaultValues(), key -> "by default"));
        configFile(file, env).ifPresent(choice ->
                sources.add(new Source(ConfigFile.read(choice.file(), choice.pointer()), key -> "in " + choice.file())));
        sources.add(new Source(environmentValues(env), key -> "from " + key.envVar()));

        Map<ConfigKey<?>, Object> values = new HashMap<>();
        for (ConfigKey<?> key : ALL) {
            values.put(key, resolve(key, sources));
        }
        return assemble(new Values(values));
    }

    private static MessageBankConfig assemble(Values values) {
        Path dataDir = values.get(DATA_DIR);
        String databaseUrl = values.get(DATABASE_URL);
        return new MessageBankConfig(
                new DataConfig(dataDir),
                http(values),
                new AgiConfig(values.get(AGI_HOST), values.get(AGI_PORT)),
                new DatabaseConfig(databaseUrl.isEmpty() ? embeddedDatabaseUrl(dataDir) : databaseUrl,
                        values.get(DATABASE_USER), values.get(DATABASE_PASSWORD), values.get(DATABASE_POOL_SIZE),
                        databaseUrl.isEmpty() || databaseUrl.startsWith("jdbc:h2:")),
                new IndexConfig(values.get(INDEX_DIR).orElse(dataDir.resolve("index")),
                        values.get(INDEX_REFRESH_INTERVAL), values.get(INDEX_COMMIT_INTERVAL)),
                new PhoneConfig(values.get(PHONE_DEFAULT_REGION)),
                new RetentionConfig(values.get(RETENTION_MESSAGES), values.get(RETENTION_CEASED_CLIENT_ACCOUNT),
                        values.get(RETENTION_CEASED_CLIENT_MESSAGES), values.get(RETENTION_CEASED_RESELLER),
                        values.get(RETENTION_AUDIT), values.get(RETENTION_OUTBOX), values.get(REAPER_INTERVAL),
                        values.get(REAPER_BATCH_SIZE), values.get(REAPER_DUTY_PERCENT)),
                new WebConfig(values.get(WEB_SESSION_IDLE_TIMEOUT), values.get(WEB_SESSION_ABSOLUTE_TIMEOUT),
                        values.get(WEB_LOGIN_MAX_FAILURES), values.get(WEB_LOCKOUT), values.get(WEB_ADDRESS_MAX_FAILURES),
                        values.get(WEB_TIME_ZONE)),
                telephony(values),
                delivery(values),
                events(values));
    }

    private static EventsConfig events(Values values) {
        var kind = values.get(EVENTS_KIND).equals("kafka") ? EventsConfig.Kind.KAFKA : EventsConfig.Kind.IN_PROCESS;
        if (kind == EventsConfig.Kind.KAFKA) {
            if (values.get(EVENTS_BOOTSTRAP_SERVERS).isEmpty()) {
                throw new ConfigException(EVENTS_BOOTSTRAP_SERVERS.name() + " is needed when events.kind is kafka"
                        + " (expected a comma-separated list of host:port)");
            }
            if (values.get(EVENTS_NODE_ID).isEmpty()) {
                throw new ConfigException(EVENTS_NODE_ID.name() + " is needed when events.kind is kafka"
                        + " (expected a name unique to this node, such as its host name)");
            }
        }
        var properties = values.get(EVENTS_CLIENT_PROPERTIES);
        EventsConfig.RESERVED_CLIENT_PROPERTIES.stream().filter(properties::containsKey).findFirst().ifPresent(reserved -> {
            throw new ConfigException(EVENTS_CLIENT_PROPERTIES.name() + ": " + reserved
                    + " is set by Message Bank itself (from the events.* keys), not by a client property");
        });
        return new EventsConfig(kind, values.get(EVENTS_NODE_ID), values.get(EVENTS_BOOTSTRAP_SERVERS), values.get(EVENTS_TOPIC_PREFIX),
                values.get(EVENTS_PARTITIONS), values.get(EVENTS_REPLICATION_FACTOR), values.get(EVENTS_PUBLISH_TIMEOUT), properties);
    }

    private static HttpConfig http(Values values) {
        var certificate = values.get(HTTP_TLS_CERTIFICATE);
        var key = values.get(HTTP_TLS_KEY);
        if (certificate.isPresent() != key.isPresent()) {
            var missing = certificate.isPresent() ? HTTP_TLS_KEY : HTTP_TLS_CERTIFICATE;
            throw new ConfigException(missing.name() + " is needed too: HTTPS takes both http.tls-certificate and http.tls-key");
        }
        requireReadable(HTTP_TLS_CERTIFICATE, certificate);
        requireReadable(HTTP_TLS_KEY, key);
        return new HttpConfig(values.get(HTTP_HOST), values.get(HTTP_PORT),
                certificate.map(c -> new HttpConfig.Tls(c, key.orElseThrow())));
    }

    private static void requireReadable(ConfigKey<Optional<Path>> key, Optional<Path> file) {
        if (file.isPresent() && !java.nio.file.Files.isReadable(file.get())) {
            throw new ConfigException(key.name() + ": cannot read the file " + file.get());
        }
    }

    private static TelephonyConfig telephony(Values values) {
        return new TelephonyConfig(values.get(AGI_MAX_SESSIONS), values.get(AGI_ENVIRONMENT_TIMEOUT),
                values.get(AGI_MAX_LINE_LENGTH), values.get(AGI_DIALLED_NUMBER_FROM).equals("dnid"),
                values.get(ACD_RING_TIMEOUT), values.get(ACD_WRAP_UP_LIMIT), values.get(ACD_DEFAULT_MAX_WAIT),
                new TelephonyConfig.Ami(values.get(AMI_HOST), values.get(AMI_PORT), values.get(AMI_USERNAME),
                        values.get(AMI_SECRET), values.get(AMI_ORIGINATE_CONTEXT), values.get(AMI_RECONNECT_MAX_DELAY)));
    }

    private static DeliveryConfig delivery(Values values) {
        return new DeliveryConfig(values.get(DELIVERY_PUBLIC_URL), values.get(DELIVERY_WORKERS), values.get(DELIVERY_POLL_INTERVAL),
                values.get(DELIVERY_LEASE), values.get(DELIVERY_MAX_ATTEMPTS), values.get(DELIVERY_RETRY_INITIAL),
                values.get(DELIVERY_RETRY_MAX), values.get(DELIVERY_ESCALATION_AFTER), values.get(DELIVERY_ESCALATION_ROUNDS),
                values.get(DELIVERY_ACK_WORD),
                new DeliveryConfig.Sms(values.get(SMS_TWILIO_ACCOUNT_SID), values.get(SMS_TWILIO_AUTH_TOKEN), values.get(SMS_FROM),
                        values.get(SMS_RATE), values.get(SMS_MAX_SEGMENTS), values.get(SMS_TIMEOUT)),
                new DeliveryConfig.Mail(values.get(MAIL_SMTP_HOST), values.get(MAIL_SMTP_PORT), values.get(MAIL_SMTP_TLS),
                        values.get(MAIL_SMTP_STARTTLS_REQUIRED), values.get(MAIL_SMTP_USER), values.get(MAIL_SMTP_PASSWORD),
                        values.get(MAIL_SMTP_TRUST_FILE), values.get(MAIL_SMTP_TIMEOUT), values.get(MAIL_FROM)),
                values.get(WEBHOOK_TIMEOUT), values.get(WEBHOOK_PRIVATE_NETWORKS));
    }

    private static String embeddedDatabaseUrl(Path dataDir) {
        return DatabaseConfig.embeddedUrl(dataDir.resolve("db").resolve("messagebank"));
    }

    private static Object resolve(ConfigKey<?> key, List<Source> sources) {
        Object value = null;
        for (Source source : sources) {
            String text = source.texts().get(key.name());
            if (text != null) {
                value = key.parse(text, source.origin().apply(key));
            }
        }
        return value;
    }

    private static Optional<FileChoice> configFile(Optional<Path> given, Map<String, String> env) {
        if (given.isPresent()) {
            return Optional.of(new FileChoice(given.get().toAbsolutePath().normalize(), ""));
        }
        return Optional.ofNullable(env.get(CONFIG_FILE_VARIABLE)).filter(name -> !name.isBlank())
                .map(name -> new FileChoice(Path.of(name).toAbsolutePath().normalize(), " (from " + CONFIG_FILE_VARIABLE + ")"));
    }

    private static Map<String, String> defaultValues() {
        return ALL.stream().collect(Collectors.toMap(ConfigKey::name, ConfigKey::defaultValue));
    }

    private static Map<String, String> environmentValues(Map<String, String> env) {
        Map<String, ConfigKey<?>> keysByVariable = new LinkedHashMap<>();
        ALL.forEach(key -> keysByVariable.put(key.envVar(), key));
        Map<String, String> texts = new HashMap<>();
        new TreeMap<>(env).forEach((variable, text) -> {
            if (!variable.startsWith(ENVIRONMENT_PREFIX) || variable.equals(CONFIG_FILE_VARIABLE)) {
                return;
            }
            ConfigKey<?> key = keysByVariable.get(variable);
            if (key == null) {
                String suggestion = Suggestions.closest(variable, keysByVariable.keySet())
                        .map(name -> " (did you mean " + name + "?)").orElse("");
                throw new ConfigException("unknown environment variable " + variable + suggestion);
            }
            texts.put(key.name(), text);
        });
        return texts;
    }

    /** Raw texts by key name, and how to say where a key's text came from. */
    private record Source(Map<String, String> texts, Function<ConfigKey<?>, String> origin) {
    }

    /** The config file to read (absolute, normalized), and how it was named, for messages about the file itself. */
    private record FileChoice(Path file, String pointer) {
    }

    private record Values(Map<ConfigKey<?>, Object> byKey) {

        @SuppressWarnings("unchecked")
        <T> T get(ConfigKey<T> key) {
            return (T) byKey.get(key);
        }
    }
}
