package org.messagebank.server.web;

import org.messagebank.server.http.BadRequestException;
import org.messagebank.server.http.HttpException;
import org.messagebank.server.http.HttpServer;
import org.messagebank.server.http.JsonText;
import org.messagebank.server.http.Request;
import org.messagebank.server.http.Response;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.domain.Call;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.Dispatch;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.RegisterContact;
import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.User;
import org.messagebank.store.index.MessageIndex;
import org.messagebank.store.retention.LegalHoldException;
import org.messagebank.store.retention.RetentionCategory;
import org.messagebank.store.retention.RetentionReaper;
import org.messagebank.store.rights.SubjectQuery;
import org.messagebank.store.rights.SubjectRecords;
import org.messagebank.store.rights.SubjectRights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The privacy admin page's JSON API, for admins only: the retention report, a dry run and an
 * on-demand run of the reaper, and data-subject requests (find, export, rectify, restrict,
 * erase, object) through the same {@link SubjectRights} the command line uses. Who a request is
 * about travels in the POST body, never in the URL, so no access log or browser history holds it;
 * the audit log gets counts and ids only.
 */
public final class PrivacyRoutes {
    private static final Logger log = LoggerFactory.getLogger(PrivacyRoutes.class);
    private static final Set<Role> ADMINS = Set.of(Role.ADMIN);
    /** What an erasure request must carry, so it is never made by accident. */
    static final String ERASE_CONFIRMATION = "erase";

    private final MessageBankStore store;
    private final PhoneNumbers phones;
    private final SubjectRights rights;
    private final RetentionReaper reaper;
    private final Runnable purgeIndex;
    private final Clock clock;
    private final Guard guard;
    private final AtomicReference<ReapStatus> reap = new AtomicReference<>(ReapStatus.NONE);

    /**
     * @param purgeIndex applies deletions to the search index and rewrites its segments, after an erasure
     */
    public PrivacyRoutes(MessageBankStore store, PhoneNumbers phones, MessageIndex index, RetentionReaper reaper,
                         Runnable purgeIndex, Authenticator authenticator, Clock clock) {
        this.store = store;
        this.phones = phones;
        this.rights = new SubjectRights(store, phones, Optional.of(index));
        this.reaper = reaper;
        this.purgeIndex = purgeIndex;
        this.clock = clock;
        this.guard = new Guard(authenticator);
    }

    public void mount(HttpServer http) {
        http.route("GET", "/api/v1/admin/retention", guard.signedIn(ADMINS, (r, p) -> Response.json(200, report())))
                .route("GET", "/api/v1/admin/retention/dry-run", guard.signedIn(ADMINS, (r, p) -> Response.json(200,
                        counts(reaper.run(true)))))
                .route("GET", "/api/v1/admin/retention/reap", guard.signedIn(ADMINS, (r, p) -> Response.json(200, reap.get())))
                .route("POST", "/api/v1/admin/retention/reap", guard.signedIn(ADMINS, this::startReap))
                .route("POST", "/api/v1/admin/subjects/find", guard.signedIn(ADMINS, (r, p) -> Response.json(200,
                        Found.of(rights.find(p.actor(), subject(r))))))
                .route("POST", "/api/v1/admin/subjects/export", guard.signedIn(ADMINS, this::export))
                .route("POST", "/api/v1/admin/subjects/rectify", guard.signedIn(ADMINS, this::rectify))
                .route("POST", "/api/v1/admin/subjects/restrict", guard.signedIn(ADMINS, this::restrict))
                .route("POST", "/api/v1/admin/subjects/erase", guard.signedIn(ADMINS, this::erase))
                .route("POST", "/api/v1/admin/subjects/object", guard.signedIn(ADMINS, this::object));
    }

    /** One category of the retention report; ages in seconds. */
    record ReportLine(RetentionCategory category, String description, long held, long oldestAgeSeconds, long limitSeconds,
                      long due) {
    }

    record CategoryCount(RetentionCategory category, String description, long count) {
    }

    /** What a reaper run did, or would do. */
    record RunCounts(boolean dryRun, boolean ran, long total, List<CategoryCount> counts) {
    }

    /** The latest reaper run started from this page on this node. */
    record ReapStatus(boolean running, Instant startedAt, Instant finishedAt, RunCounts result, String error) {
        static final ReapStatus NONE = new ReapStatus(false, null, null, null, null);
    }

    /** Who a request is about, and the extras some requests need. */
    record SubjectRequest(String phone, String email, String name, Boolean lift, String confirm) {
        SubjectQuery query() {
            return new SubjectQuery(phone, email, name);
        }

        @Override
        public String toString() {
            return "SubjectRequest[" + query() + "]";
        }
    }

    record Rectification(Long messageId, String field, String value) {
        @Override
        public String toString() {
            return "Rectification[messageId=" + messageId + ", field=" + field + "]";
        }
    }

    record Objection(Long contactId) {
    }

    record MessageRow(long id, long clientId, Instant createdAt, String callerNumber, String callerName,
                      Map<String, String> fields, boolean restricted) {
        static MessageRow of(Message m) {
            return new MessageRow(m.id(), m.clientId(), m.createdAt(), m.callerNumber(), m.callerName(), m.fields(), m.restricted());
        }
    }

    record CallRow(long id, long clientId, Instant startedAt, String callerNumber, String callerName) {
        static CallRow of(Call c) {
            return new CallRow(c.id(), c.clientId(), c.startedAt(), c.callerNumber(), c.callerName());
        }
    }

    record DispatchRow(long id, long messageId, String channel, String state, String errorText) {
        static DispatchRow of(Dispatch d) {
            return new DispatchRow(d.id(), d.messageId(), d.channel().name(), d.state().name(), d.errorText());
        }
    }

    record RegisterRow(long id, String kind, String status, String name, String company, String email, String phone) {
        static RegisterRow of(RegisterContact c) {
            return new RegisterRow(c.id(), c.kind().name(), c.status().name(), c.name(), c.company(), c.email(), c.phone());
        }
    }

    record RecipientRow(long id, long clientId, String name, String mobile, String email) {
        static RecipientRow of(Contact c) {
            return new RecipientRow(c.id(), c.clientId(), c.name(), c.mobile(), c.email());
        }
    }

    record LoginRow(long id, String username, String role, Instant createdAt) {
        static LoginRow of(User u) {
            return new LoginRow(u.id(), u.username(), u.role().name(), u.createdAt());
        }
    }

    /** Everything found about a person, as the page lists it (logins without their credentials). */
    record Found(Map<String, Integer> counts, List<MessageRow> messages, List<CallRow> calls, List<DispatchRow> dispatches,
                 List<RegisterRow> contacts, List<RecipientRow> recipients, List<LoginRow> users) {
        static Found of(SubjectRecords r) {
            var counts = new LinkedHashMap<String, Integer>();
            counts.put("messages", r.messages().size());
            counts.put("calls", r.calls().size());
            counts.put("dispatches", r.dispatches().size());
            counts.put("contacts", r.contacts().size());
            counts.put("recipients", r.recipients().size());
            counts.put("users", r.users().size());
            return new Found(counts, r.messages().stream().map(MessageRow::of).toList(), r.calls().stream().map(CallRow::of).toList(),
                    r.dispatches().stream().map(DispatchRow::of).toList(), r.contacts().stream().map(RegisterRow::of).toList(),
                    r.recipients().stream().map(RecipientRow::of).toList(), r.users().stream().map(LoginRow::of).toList());
        }
    }

    private List<ReportLine> report() {
        return reaper.report().values().stream().map(l -> new ReportLine(l.category(), l.category().description(), l.held(),
                l.oldestAge().toSeconds(), l.limit().toSeconds(), l.due())).toList();
    }

    private static RunCounts counts(RetentionReaper.Run run) {
        return new RunCounts(run.dryRun(), run.ran(), run.total(), run.counts().entrySet().stream()
                .map(e -> new CategoryCount(e.getKey(), e.getKey().description(), e.getValue())).toList());
    }

    /**
     * Starts a reaper run in the background (a large one outlasts an HTTP request) and answers
     * 202; {@code GET} on the same path tells how it went.
     */
    private Response startReap(Request r, Principal p) {
        var started = new ReapStatus(true, clock.instant(), null, null, null);
        var previous = reap.get();
        if (previous.running() || !reap.compareAndSet(previous, started)) {
            throw new HttpException(409, "Conflict", "a reaper run started from this page is still going");
        }
        store.audit().append(p.actor(), "retention.reap.request", "retention", "");
        Thread.ofVirtual().name("retention-reap-request").start(() -> {
            ReapStatus done;
            try {
                var run = reaper.run(false);
                done = new ReapStatus(false, started.startedAt(), clock.instant(), counts(run),
                        run.ran() ? null : "another node is reaping now (it holds the reaper lease); nothing was deleted here");
            } catch (RuntimeException e) {
                log.warn("retention reaper run requested by an admin failed", e);
                done = new ReapStatus(false, started.startedAt(), clock.instant(), null,
                        "the run failed: " + e.getMessage() + "; the next run finishes the job");
            }
            reap.set(done);
        });
        return Response.json(202, started);
    }

    private static SubjectRequest body(Request r) {
        return JsonText.read(r.body(), SubjectRequest.class);
    }

    private static SubjectQuery subject(Request r) {
        return body(r).query();
    }

    private Response export(Request r, Principal p) {
        String format = r.param("format").orElse("json").toLowerCase(Locale.ROOT);
        var query = subject(r);
        return switch (format) {
            case "json" -> new Response(200, "application/json", rights.exportJson(p.actor(), query).getBytes(StandardCharsets.UTF_8))
                    .withHeader("Content-Disposition", "attachment; filename=\"subject-access.json\"");
            case "html" -> new Response(200, "text/html; charset=utf-8", rights.exportHtml(p.actor(), query).getBytes(StandardCharsets.UTF_8))
                    .withHeader("Content-Disposition", "attachment; filename=\"subject-access.html\"");
            default -> throw new BadRequestException("format must be json or html, not '" + format + "'");
        };
    }

    private Response rectify(Request r, Principal p) {
        var body = JsonText.read(r.body(), Rectification.class);
        if (body.messageId() == null) {
            throw new BadRequestException("messageId is required");
        }
        if (body.field() == null || body.field().isBlank()) {
            throw new BadRequestException("field is required: caller_name, caller_number or one of the message's script fields");
        }
        String value = body.value() == null ? "" : body.value().strip();
        if (body.field().equals("caller_number")) {
            value = value.isEmpty() ? null : phones.normaliseCallerId(value);
        }
        rights.rectify(p.actor(), body.messageId(), body.field().strip(), value);
        return Response.empty(204);
    }

    private Response restrict(Request r, Principal p) {
        var body = body(r);
        boolean lift = Boolean.TRUE.equals(body.lift());
        int changed = rights.restrict(p.actor(), body.query(), !lift);
        return Response.json(200, Map.of("changed", changed, "restricted", !lift));
    }

    private Response erase(Request r, Principal p) {
        var body = body(r);
        var query = body.query();
        if (!ERASE_CONFIRMATION.equals(body.confirm())) {
            throw new BadRequestException("an erasure cannot be undone: confirm it by sending \"confirm\": \"" + ERASE_CONFIRMATION + "\"");
        }
        SubjectRecords erased;
        try {
            erased = rights.erase(p.actor(), query);
        } catch (LegalHoldException e) {
            throw new HttpException(409, "Conflict", e.getMessage());
        }
        if (!erased.messages().isEmpty()) {
            purgeIndex.run();
        }
        return Response.json(200, Found.of(erased).counts());
    }

    private Response object(Request r, Principal p) {
        var body = JsonText.read(r.body(), Objection.class);
        if (body.contactId() == null) {
            throw new BadRequestException("contactId is required");
        }
        if (!rights.object(p.actor(), body.contactId())) {
            throw HttpException.notFound("no marketing contact " + body.contactId());
        }
        return Response.empty(204);
    }
}
