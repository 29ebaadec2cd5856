package org.messagebank.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog of every configuration key. To add a key, declare one more constant with
 * {@code define(...)}; it joins {@link #ALL} (and so the loader, the environment rule and the
 * documentation check) in declaration order. Then read it where {@link ConfigLoader} builds the
 * records, and document it in {@code docs/configuration.md}.
 */
public final class ConfigKeys {

    private static final List<ConfigKey<?>> catalog = new ArrayList<>();

    /** Directory for the server's data: the embedded database and the search index by default. */
    public static final ConfigKey<Path> DATA_DIR = define("data.dir", ValueType.path(), "./data",
            "Directory for the server's data (embedded database, search index).");

    /** Address the HTTP server binds to. */
    public static final ConfigKey<String> HTTP_HOST = define("http.host", ValueType.string(), "0.0.0.0",
            "Address the HTTP server listens on.");

    /** Port the HTTP server binds to; 0 picks any free port. */
    public static final ConfigKey<Integer> HTTP_PORT = define("http.port", ValueType.integer(0, 65535), "8080",
            "Port the HTTP server listens on; 0 picks any free port.");

    /** The certificate chain (PEM) for HTTPS; HTTP is plain when empty. */
    public static final ConfigKey<Optional<Path>> HTTP_TLS_CERTIFICATE = define("http.tls-certificate", ValueType.optionalPath(), "",
            "Certificate chain (PEM) for HTTPS; set together with http.tls-key. Empty serves plain HTTP.");

    /** The private key (PEM, PKCS#8) of the certificate. */
    public static final ConfigKey<Optional<Path>> HTTP_TLS_KEY = define("http.tls-key", ValueType.optionalPath(), "",
            "Private key (PEM, PKCS#8, unencrypted) of http.tls-certificate.");

    /** Address the FastAGI server (called by Asterisk) binds to. */
    public static final ConfigKey<String> AGI_HOST = define("agi.host", ValueType.string(), "0.0.0.0",
            "Address the FastAGI server (called by Asterisk) listens on.");

    /** Port the FastAGI server binds to; 0 picks any free port. */
    public static final ConfigKey<Integer> AGI_PORT = define("agi.port", ValueType.integer(0, 65535), "4573",
            "Port the FastAGI server listens on; 0 picks any free port.");

    /** JDBC URL of the database; empty means the embedded H2 database under {@code data.dir/db}. */
    public static final ConfigKey<String> DATABASE_URL = define("database.url", ValueType.jdbcUrl(), "",
            "JDBC URL of the database; empty uses the embedded H2 database under data.dir/db.");

    /** Database user name. */
    public static final ConfigKey<String> DATABASE_USER = define("database.user", ValueType.string(), "",
            "Database user name.");

    /** Database password; never shown. */
    public static final ConfigKey<String> DATABASE_PASSWORD = define("database.password", ValueType.secretString(), "",
            "Database password; configuration messages never show it.");

    /** Maximum number of pooled database connections. */
    public static final ConfigKey<Integer> DATABASE_POOL_SIZE = define("database.pool-size", ValueType.integer(1, 200), "10",
            "Maximum number of pooled database connections.");

    /** Directory of the search index; empty means {@code data.dir/index}. */
    public static final ConfigKey<Optional<Path>> INDEX_DIR = define("index.dir", ValueType.optionalPath(), "",
            "Directory of the search index; empty uses data.dir/index.");

    /** How soon indexed messages become searchable. */
    public static final ConfigKey<Duration> INDEX_REFRESH_INTERVAL = define("index.refresh-interval",
            ValueType.duration("10ms", "60s"), "200ms",
            "How often the search index is refreshed, so new messages become searchable.");

    /** How often the search index is made durable on disk. */
    public static final ConfigKey<Duration> INDEX_COMMIT_INTERVAL = define("index.commit-interval",
            ValueType.duration("100ms", "1h"), "5s",
            "How often the search index is committed to disk.");

    /** Region assumed for phone numbers written without a country code. */
    public static final ConfigKey<String> PHONE_DEFAULT_REGION = define("phone.default-region", ValueType.region(), "GB",
            "Region assumed for phone numbers written without a country code.");

    /** How long a message and its caller's details are kept after capture. */
    public static final ConfigKey<Duration> RETENTION_MESSAGES = define("retention.messages",
            ValueType.duration("1d", "3650d"), "100d",
            "How long messages and caller details are kept after capture.");

    /** How long a ceased client's account data (name, greeting, numbers, users) is kept. */
    public static final ConfigKey<Duration> RETENTION_CEASED_CLIENT_ACCOUNT = define("retention.ceased-client-account",
            ValueType.duration("0s", "3650d"), "7d",
            "How long after a client's service ceases its account data (name, numbers, users) is kept.");

    /** How long after a client's service ceases any of its messages are kept. */
    public static final ConfigKey<Duration> RETENTION_CEASED_CLIENT_MESSAGES = define("retention.ceased-client-messages",
            ValueType.duration("0s", "3650d"), "100d",
            "How long after a client's service ceases any of its messages are kept.");

    /** How long after a reseller's service ceases its record is kept. */
    public static final ConfigKey<Duration> RETENTION_CEASED_RESELLER = define("retention.ceased-reseller",
            ValueType.duration("0s", "3650d"), "7d",
            "How long after a reseller's service ceases its record is kept.");

    /** How long audit entries are kept. */
    public static final ConfigKey<Duration> RETENTION_AUDIT = define("retention.audit",
            ValueType.duration("1d", "36500d"), "2190d",
            "How long audit-log entries are kept (they never hold personal data).");

    /** How long outbox entries (ids only) are kept for followers that lag, such as index replicas. */
    public static final ConfigKey<Duration> RETENTION_OUTBOX = define("retention.outbox",
            ValueType.duration("1h", "365d"), "7d",
            "How long outbox entries (ids only) are kept; an index replica further behind rebuilds itself.");

    /** How often the retention reaper runs inside the server. */
    public static final ConfigKey<Duration> REAPER_INTERVAL = define("reaper.interval",
            ValueType.duration("1m", "7d"), "1h",
            "How often the server runs the retention reaper.");

    /**
     * How many records the reaper deletes per transaction. On embedded H2 every group commit's
     * sync that falls inside a batch also writes the batch's uncommitted deletions, so a short
     * batch costs live captures less; much shorter ones spend more on each batch's own
     * bookkeeping (bench/RESULTS.md, retention reaper).
     */
    public static final ConfigKey<Integer> REAPER_BATCH_SIZE = define("reaper.batch-size",
            ValueType.integer(10, 100_000), "300",
            "How many records the reaper deletes in one transaction.");

    /** The share of its run time the reaper spends deleting; it rests between batches for the rest. */
    public static final ConfigKey<Integer> REAPER_DUTY_PERCENT = define("reaper.duty-percent",
            ValueType.integer(1, 100), "28",
            "The share of a run the reaper spends deleting, in per cent; it pauses between batches for the rest,"
                    + " so live captures keep the machine.");

    /** A web session ends after this long without a request. */
    public static final ConfigKey<Duration> WEB_SESSION_IDLE_TIMEOUT = define("web.session-idle-timeout",
            ValueType.duration("1m", "7d"), "30m",
            "A signed-in session ends after this long without a request.");

    /** A web session ends this long after sign-in, however active. */
    public static final ConfigKey<Duration> WEB_SESSION_ABSOLUTE_TIMEOUT = define("web.session-absolute-timeout",
            ValueType.duration("5m", "30d"), "12h",
            "A signed-in session ends this long after sign-in, however active.");

    /** Failed sign-ins in a row that lock an account. */
    public static final ConfigKey<Integer> WEB_LOGIN_MAX_FAILURES = define("web.login-max-failures",
            ValueType.integer(1, 100), "5",
            "Failed sign-ins in a row that lock an account.");

    /** How long a locked account stays locked. */
    public static final ConfigKey<Duration> WEB_LOCKOUT = define("web.lockout",
            ValueType.duration("1m", "1d"), "15m",
            "How long an account stays locked after too many failed sign-ins.");

    /** Failed sign-ins from one address, within the lockout period, before that address is refused. */
    public static final ConfigKey<Integer> WEB_ADDRESS_MAX_FAILURES = define("web.address-max-failures",
            ValueType.integer(1, 10_000), "20",
            "Failed sign-ins from one network address, within the lockout period, before the address is refused.");

    /** Where "today" starts on the wallboard. */
    public static final ConfigKey<ZoneId> WEB_TIME_ZONE = define("web.time-zone", ValueType.timeZone(), "Europe/London",
            "Time zone of the answering service: the wallboard's 'today' starts at its midnight.");
    /** Most FastAGI sessions held at once; calls beyond it are answered with {@code MB_STATUS=BUSY}. */
    public static final ConfigKey<Integer> AGI_MAX_SESSIONS = define("agi.max-sessions", ValueType.integer(1, 1_000_000), "12000",
            "Most FastAGI sessions (calls) held at once; further calls are answered with MB_STATUS=BUSY.");

    /** How long Asterisk may take to send the whole AGI environment. */
    public static final ConfigKey<Duration> AGI_ENVIRONMENT_TIMEOUT = define("agi.environment-timeout",
            ValueType.duration("100ms", "60s"), "5s",
            "How long a FastAGI connection may take to send its whole environment before it is closed.");

    /** Longest line accepted from Asterisk. */
    public static final ConfigKey<Integer> AGI_MAX_LINE_LENGTH = define("agi.max-line-length", ValueType.integer(256, 1_048_576), "8192",
            "Longest line (in characters) accepted on a FastAGI connection; a longer one closes that connection.");

    /** Which AGI variable holds the dialled number. */
    public static final ConfigKey<String> AGI_DIALLED_NUMBER_FROM = define("agi.dialled-number-from",
            ValueType.oneOf("extension", "dnid"), "extension",
            "Where the dialled number is read from: extension (agi_extension) or dnid (agi_dnid).");

    /** How long an operator's phone rings before the call goes back to the queue. */
    public static final ConfigKey<Duration> ACD_RING_TIMEOUT = define("acd.ring-timeout", ValueType.duration("5s", "120s"), "20s",
            "How long an operator's phone rings before the call goes back to the head of the queue.");

    /** How long an operator may stay in wrap-up after a call. */
    public static final ConfigKey<Duration> ACD_WRAP_UP_LIMIT = define("acd.wrap-up-limit", ValueType.duration("0s", "1h"), "2m",
            "Longest wrap-up after a call; when it runs out the operator becomes available again.");

    /** The longest queue wait for clients without their own routing settings. */
    public static final ConfigKey<Duration> ACD_DEFAULT_MAX_WAIT = define("acd.default-max-wait", ValueType.duration("1s", "1h"), "2m",
            "Longest a caller waits in the queue before overflow, for clients without their own setting.");

    /** The Asterisk Manager Interface host; empty runs without AMI. */
    public static final ConfigKey<String> AMI_HOST = define("ami.host", ValueType.string(), "",
            "Host of the Asterisk Manager Interface (AMI); empty runs without AMI.");

    /** The AMI port. */
    public static final ConfigKey<Integer> AMI_PORT = define("ami.port", ValueType.integer(1, 65535), "5038",
            "Port of the Asterisk Manager Interface.");

    /** The AMI user name (manager.conf section). */
    public static final ConfigKey<String> AMI_USERNAME = define("ami.username", ValueType.string(), "messagebank",
            "AMI user name (the manager.conf section).");

    /** The AMI secret; never shown. */
    public static final ConfigKey<String> AMI_SECRET = define("ami.secret", ValueType.secretString(), "",
            "AMI secret; configuration messages and logs never show it.");

    /** Dialplan context that call-backs are originated into. */
    public static final ConfigKey<String> AMI_ORIGINATE_CONTEXT = define("ami.originate-context", ValueType.string(), "messagebank-callback",
            "Dialplan context an operator's call-back is originated into (the number is its extension).");

    /** Longest pause between AMI login attempts (a dropped connection is re-established by Asterisk-Java itself). */
    public static final ConfigKey<Duration> AMI_RECONNECT_MAX_DELAY = define("ami.reconnect-max-delay",
            ValueType.duration("100ms", "10m"), "30s",
            "Longest pause between AMI login attempts; the pause doubles from 100ms up to this.");
    /** Base URL of this server as clients and Twilio reach it: portal links and SMS status callbacks. */
    public static final ConfigKey<String> DELIVERY_PUBLIC_URL = define("delivery.public-url", ValueType.string(), "http://localhost:8080",
            "Base URL of this server as clients and Twilio reach it, for portal links and SMS status callbacks.");

    /** Dispatch workers per channel. */
    public static final ConfigKey<Integer> DELIVERY_WORKERS = define("delivery.workers", ValueType.integer(1, 64), "2",
            "Dispatch workers per channel (SMS, email, webhook); each email worker keeps one SMTP connection.");

    /** How often idle workers, the planner and escalation look for work. */
    public static final ConfigKey<Duration> DELIVERY_POLL_INTERVAL = define("delivery.poll-interval",
            ValueType.duration("10ms", "1m"), "1s",
            "How often idle dispatch workers, the outbox planner and escalation look for work.");

    /** How long a claim on a dispatch lasts unless renewed; after a crash another worker may retry it then. */
    public static final ConfigKey<Duration> DELIVERY_LEASE = define("delivery.lease", ValueType.duration("1s", "1h"), "2m",
            "How long a claim on a dispatch lasts unless its worker renews it, as it does while sending; after a crash the dispatch is retried once this runs out.");

    /** Send attempts before a dispatch is dead-lettered. */
    public static final ConfigKey<Integer> DELIVERY_MAX_ATTEMPTS = define("delivery.max-attempts", ValueType.integer(1, 100), "8",
            "Send attempts before a transiently failing dispatch fails for good and is dead-lettered for admins.");

    /** First retry delay; doubled per attempt, with jitter. */
    public static final ConfigKey<Duration> DELIVERY_RETRY_INITIAL = define("delivery.retry-initial",
            ValueType.duration("10ms", "1h"), "30s",
            "Delay before the first retry of a transient failure; doubled per attempt, with full jitter.");

    /** Longest retry delay. */
    public static final ConfigKey<Duration> DELIVERY_RETRY_MAX = define("delivery.retry-max", ValueType.duration("10ms", "1d"), "1h",
            "Longest delay between retries.");

    /** Default time an urgent message may stay unacknowledged before escalation. */
    public static final ConfigKey<Duration> DELIVERY_ESCALATION_AFTER = define("delivery.escalation-after",
            ValueType.duration("1m", "1d"), "15m",
            "How long an urgent message may stay unacknowledged before it goes to the next contact on the escalation list (clients may set their own).");

    /** Default number of escalation rounds. */
    public static final ConfigKey<Integer> DELIVERY_ESCALATION_ROUNDS = define("delivery.escalation-rounds", ValueType.integer(0, 20), "3",
            "How many contacts of the escalation list an unacknowledged urgent message goes to at most (clients may set their own).");

    /** The SMS reply that acknowledges a contact's latest urgent message. */
    public static final ConfigKey<String> DELIVERY_ACK_WORD = define("delivery.ack-word", ValueType.string(), "1",
            "SMS reply (case and spaces ignored) that acknowledges the contact's latest urgent message.");

    /** Twilio account SID; empty writes SMS to files instead. */
    public static final ConfigKey<String> SMS_TWILIO_ACCOUNT_SID = define("sms.twilio.account-sid", ValueType.string(), "",
            "Twilio account SID; empty writes each SMS as a file under data.dir/outbox/sms instead of sending it.");

    /** Twilio auth token; never shown. */
    public static final ConfigKey<String> SMS_TWILIO_AUTH_TOKEN = define("sms.twilio.auth-token", ValueType.secretString(), "",
            "Twilio auth token, also the key that verifies Twilio's webhook signatures; never shown.");

    /** Global SMS sender: an E.164 number or a Messaging Service SID. */
    public static final ConfigKey<String> SMS_FROM = define("sms.from", ValueType.string(), "",
            "Global SMS sender: an E.164 From number or a Twilio Messaging Service SID (MG...); clients may set their own.");

    /** Messages per second per sender. */
    public static final ConfigKey<Integer> SMS_RATE = define("sms.rate", ValueType.integer(1, 10000), "1",
            "SMS per second per sender (token bucket; bursts up to a tenth of a second's worth, at least one).");

    /** Longest SMS, in segments. */
    public static final ConfigKey<Integer> SMS_MAX_SEGMENTS = define("sms.max-segments", ValueType.integer(1, 10), "3",
            "Longest SMS in segments (GSM-7: 160 characters alone, 153 each when split; UCS-2: 70 and 67); longer texts are cut and end with an ellipsis.");

    /** Time-out of one call to Twilio's API. */
    public static final ConfigKey<Duration> SMS_TIMEOUT = define("sms.timeout", ValueType.duration("100ms", "2m"), "15s",
            "Connect and response time-out of one call to Twilio's API.");

    /** SMTP host; empty writes emails to files instead. */
    public static final ConfigKey<String> MAIL_SMTP_HOST = define("mail.smtp.host", ValueType.string(), "",
            "SMTP server; empty writes each email as an .eml file under data.dir/outbox/mail instead of sending it.");

    /** SMTP port. */
    public static final ConfigKey<Integer> MAIL_SMTP_PORT = define("mail.smtp.port", ValueType.integer(1, 65535), "587",
            "SMTP port (587 submission with STARTTLS, 465 implicit TLS, 25 relay).");

    /** Implicit TLS (SMTPS). */
    public static final ConfigKey<Boolean> MAIL_SMTP_TLS = define("mail.smtp.tls", ValueType.bool(), "false",
            "Connect with TLS from the start (SMTPS, usually port 465) instead of upgrading with STARTTLS.");

    /** Whether STARTTLS is required. */
    public static final ConfigKey<Boolean> MAIL_SMTP_STARTTLS_REQUIRED = define("mail.smtp.starttls-required", ValueType.bool(), "true",
            "Without implicit TLS: true refuses a server that does not offer STARTTLS; false uses STARTTLS when offered.");

    /** SMTP user; empty for no authentication. */
    public static final ConfigKey<String> MAIL_SMTP_USER = define("mail.smtp.user", ValueType.string(), "",
            "SMTP user name; empty sends without authentication.");

    /** SMTP password; never shown. */
    public static final ConfigKey<String> MAIL_SMTP_PASSWORD = define("mail.smtp.password", ValueType.secretString(), "",
            "SMTP password; never shown.");

    /** PEM certificates to trust for the SMTP server instead of the JDK's. */
    public static final ConfigKey<Optional<Path>> MAIL_SMTP_TRUST_FILE = define("mail.smtp.trust-file", ValueType.optionalPath(), "",
            "PEM file of certificates to trust for the SMTP server instead of the JDK's authorities; empty uses the JDK's.");

    /** SMTP connect, read and write time-out. */
    public static final ConfigKey<Duration> MAIL_SMTP_TIMEOUT = define("mail.smtp.timeout", ValueType.duration("100ms", "5m"), "30s",
            "SMTP connect, read and write time-out.");

    /** The From of every email. */
    public static final ConfigKey<String> MAIL_FROM = define("mail.from", ValueType.string(), "Message Bank <messages@localhost>",
            "From address of every email, optionally with a display name.");

    /** Time-out of one webhook POST. */
    public static final ConfigKey<Duration> WEBHOOK_TIMEOUT = define("webhook.timeout", ValueType.duration("100ms", "2m"), "10s",
            "Connect, response and read time-out of one webhook POST to a client's system; the whole POST is cut off after twice this.");

    /** Whether webhooks may call this machine and private networks. */
    public static final ConfigKey<Boolean> WEBHOOK_PRIVATE_NETWORKS = define("webhook.private-networks", ValueType.bool(), "false",
            "Let clients' webhooks call this machine and private networks (loopback, private, link-local, shared and multicast"
                    + " addresses); false refuses such a webhook when it is set and again, by the addresses its host resolves to,"
                    + " each time it is called.");

    /** Which event bus: in-process (one node) or Kafka (several nodes). */
    public static final ConfigKey<String> EVENTS_KIND = define("events.kind", ValueType.oneOf("in-process", "kafka"), "in-process",
            "Event bus: in-process for a single node, or kafka for several nodes sharing one Kafka cluster.");

    /** This node's name among the nodes; part of the consumer groups that each node has to itself. */
    public static final ConfigKey<String> EVENTS_NODE_ID = define("events.node-id", ValueType.identifier(64), "",
            "This node's name, unique among the nodes and stable across restarts (such as its host name); needed with kafka.");

    /** Kafka brokers to start from. */
    public static final ConfigKey<String> EVENTS_BOOTSTRAP_SERVERS = define("events.bootstrap-servers", ValueType.hostPorts(), "",
            "Kafka brokers to connect to first, host:port separated by commas; needed with kafka.");

    /** Put before every topic name, so that several installations can share one cluster. */
    public static final ConfigKey<String> EVENTS_TOPIC_PREFIX = define("events.topic-prefix", ValueType.identifier(100), "",
            "Put before every topic name (such as prod.), so several installations can share one Kafka cluster.");

    /** Partitions of each topic created by {@code messagebank kafka init-topics}. */
    public static final ConfigKey<Integer> EVENTS_PARTITIONS = define("events.partitions", ValueType.integer(1, 1000), "6",
            "Partitions of each topic that messagebank kafka init-topics creates: the most consumers of a group that share the work.");

    /** Replicas of each topic created by {@code messagebank kafka init-topics}. */
    public static final ConfigKey<Integer> EVENTS_REPLICATION_FACTOR = define("events.replication-factor", ValueType.integer(1, 32), "3",
            "Replicas of each topic that messagebank kafka init-topics creates; at most the number of brokers.");

    /** Longest a publish may wait for the brokers before it fails. */
    public static final ConfigKey<Duration> EVENTS_PUBLISH_TIMEOUT = define("events.publish-timeout",
            ValueType.duration("100ms", "5m"), "10s",
            "Longest a publish waits for Kafka (for the topic's metadata, or buffer space) before it fails; a missing topic fails after this.");

    /** Further Kafka client properties: TLS, SASL and tuning. */
    public static final ConfigKey<Map<String, String>> EVENTS_CLIENT_PROPERTIES = define("events.client-properties",
            ValueType.properties(), "",
            "Further Kafka client properties (security.protocol, ssl.*, sasl.*, ...), passed to every producer, consumer and admin client; values never shown.");

    /** Every key, in declaration order. */
    public static final List<ConfigKey<?>> ALL = List.copyOf(catalog);

    private ConfigKeys() {
    }

    private static <T> ConfigKey<T> define(String name, ValueType<T> type, String defaultValue, String description) {
        ConfigKey<T> key = new ConfigKey<>(name, type, defaultValue, description);
        catalog.add(key);
        return key;
    }
}
