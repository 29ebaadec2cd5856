package org.messagebank.server.web;

import org.messagebank.server.http.BadRequestException;
import org.messagebank.server.http.HttpException;
import org.messagebank.server.http.HttpServer;
import org.messagebank.server.http.JsonText;
import org.messagebank.server.http.Request;
import org.messagebank.server.http.Response;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.index.MessageIndex;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.CaptureValidation;
import org.messagebank.store.domain.Call;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.Urgency;
import org.messagebank.store.event.EventBus;
import org.messagebank.telephony.Telephony;
import org.messagebank.telephony.acd.OperatorState;
import org.messagebank.telephony.acd.OperatorStatus;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The operator console's JSON API under {@code /api/v1/operator}, for signed-in operators: their
 * state (available, paused with a reason, logged out), the message of a call (validated against
 * the client's script here, whatever the browser checked; answered only after the commit),
 * discarding a call with a reason, and calling a number back. The console's live events come
 * over the WebSocket of {@link OperatorConsole}.
 */
public final class OperatorRoutes implements AutoCloseable {
    private static final Set<Role> OPERATORS = Set.of(Role.OPERATOR);
    /** Reasons are short codes: they are audited, and may not be free text. */
    private static final Pattern REASON = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private final MessageBankStore store;
    private final Telephony telephony;
    private final Guard guard;
    private final CaptureValidation validation;
    private final ScreenPops pops;
    private final OperatorConsole console;
    private final Duration wrapUpLimit;
    /**
     * One save at a time per call (by stripe), so that a double submit cannot store the message
     * twice. Locks rather than {@code synchronized}: a save waits for the database, and a virtual
     * thread waiting inside {@code synchronized} pins its carrier on JDK 21 to 23.
     */
    private final ReentrantLock[] saving = new ReentrantLock[64];

    public OperatorRoutes(MessageBankStore store, MessageIndex index, Telephony telephony, Authenticator authenticator,
                          PhoneNumbers phones, Duration wrapUpLimit) {
        this.store = store;
        this.telephony = telephony;
        this.guard = new Guard(authenticator);
        this.validation = new CaptureValidation(phones);
        this.pops = new ScreenPops(store, index);
        this.console = new OperatorConsole(pops, telephony, authenticator);
        this.wrapUpLimit = wrapUpLimit;
        java.util.Arrays.setAll(saving, i -> new ReentrantLock());
    }

    /** Mounts the routes and the console's WebSocket and follows the bus. */
    public void mount(HttpServer http, EventBus bus) {
        console.start(bus);
        http.webSocket(OperatorConsole.PATH, console.endpoint())
                .route("GET", "/api/v1/operator", guard.signedIn(OPERATORS, this::me))
                .route("PUT", "/api/v1/operator/state", guard.signedIn(OPERATORS, this::changeState))
                .route("GET", "/api/v1/operator/calls/{callId}", guard.signedIn(OPERATORS, this::call))
                .route("POST", "/api/v1/operator/calls/{callId}/message", guard.signedIn(OPERATORS, this::saveMessage))
                .route("POST", "/api/v1/operator/calls/{callId}/discard", guard.signedIn(OPERATORS, this::discard))
                .route("POST", "/api/v1/operator/call-back", guard.signedIn(OPERATORS, this::callBack));
    }

    record OperatorView(long id, String name, String endpoint) {
    }

    record Me(OperatorView operator, OperatorStatus status, long wrapUpLimitSeconds) {
    }

    record StateChange(String state, String reason) {
    }

    record Capture(Integer scriptVersion, Map<String, String> fields, String urgency) {
        @Override
        public String toString() {
            return "Capture[scriptVersion=" + scriptVersion + "]";
        }
    }

    record Saved(long id, long callId, java.time.Instant createdAt) {
    }

    record Discard(String reason) {
    }

    record CallBack(String number) {
        @Override
        public String toString() {
            return "CallBack[]";
        }
    }

    private Response me(Request request, Principal principal) {
        long operatorId = operatorId(principal);
        var operator = store.operators().find(operatorId)
                .orElseThrow(() -> HttpException.notFound("no operator " + operatorId));
        return Response.json(200, new Me(new OperatorView(operator.id(), operator.name(), operator.endpoint()),
                telephony.acd().status(operatorId), wrapUpLimit.toSeconds()));
    }

    private Response changeState(Request request, Principal principal) {
        long operatorId = operatorId(principal);
        var change = JsonText.read(request.body(), StateChange.class);
        String wanted = change.state() == null ? "" : change.state().toUpperCase(Locale.ROOT);
        var current = telephony.acd().status(operatorId).state();
        try {
            OperatorStatus status = switch (wanted) {
                case "AVAILABLE" -> switch (current) {
                    case LOGGED_OUT -> telephony.logIn(operatorId);
                    case PAUSED -> telephony.resume(operatorId);
                    case AVAILABLE -> telephony.acd().status(operatorId);
                    case WRAP_UP -> throw new IllegalStateException("you are wrapping up a call; save or discard its message first");
                    default -> throw new IllegalStateException("you are " + describe(current) + "; finish the call first");
                };
                case "PAUSED" -> telephony.pause(operatorId, reason(change.reason(), "break"));
                case "LOGGED_OUT" -> telephony.logOut(operatorId);
                default -> throw new BadRequestException("state must be AVAILABLE, PAUSED or LOGGED_OUT, not '"
                        + change.state() + "'");
            };
            return Response.json(200, status);
        } catch (IllegalStateException e) {
            throw new HttpException(409, "Conflict", e.getMessage());
        }
    }

    private static String describe(OperatorState state) {
        return switch (state) {
            case OFFERED -> "being offered a call";
            case ON_CALL -> "on a call";
            default -> state.name().toLowerCase(Locale.ROOT);
        };
    }

    /** The pop of a call this operator may answer (to reload a console), else 404. */
    private Response call(Request request, Principal principal) {
        var call = answerable(principal, callId(request));
        return Response.json(200, pops.of(call.id()).orElseThrow(() -> HttpException.notFound("no call " + call.id())));
    }

    private Response saveMessage(Request request, Principal principal) {
        long operatorId = operatorId(principal);
        var call = answerable(principal, callId(request));
        var capture = JsonText.read(request.body(), Capture.class);
        if (capture.scriptVersion() == null) {
            throw new BadRequestException("scriptVersion is required: the version of the script the form was built from");
        }
        var script = store.clients().script(call.clientId(), capture.scriptVersion())
                .orElseThrow(() -> new BadRequestException("the client has no script version " + capture.scriptVersion()));
        Map<String, String> fields = capture.fields() == null ? Map.of() : capture.fields();
        var problems = validation.problems(script, fields);
        if (!problems.isEmpty()) {
            throw new HttpException(400, "Bad Request", "the message does not fit the script: "
                    + String.join("; ", problems.values()), Map.of("fields", problems));
        }
        var cleaned = CaptureValidation.cleaned(script, fields);
        var urgency = urgency(capture.urgency(), cleaned);
        String callerName = cleaned.getOrDefault("caller_name", call.callerName());
        var lock = saving[Math.floorMod(call.id(), saving.length)];
        lock.lock();
        try {
            var existing = store.messages().findByCall(Scope.admin(), call.id());
            if (existing.isPresent()) {
                throw new HttpException(409, "Conflict", "a message was already saved for this call",
                        Map.of("messageId", existing.get().id()));
            }
            var saved = store.messages().save(new NewMessage(call.clientId(), call.id(), operatorId, call.callerNumber(),
                    callerName, script.version(), cleaned, urgency));
            store.audit().append(principal.actor(), "message.capture", "message:" + saved.id(), "call:" + call.id());
            // The operator is free at once; the message event does the same (harmlessly) wherever it arrives.
            telephony.acd().messageSaved(operatorId, call.id());
            return Response.json(201, new Saved(saved.id(), call.id(), saved.createdAt()));
        } finally {
            lock.unlock();
        }
    }

    /** Urgent when the operator says so, or when the script's {@code urgency} field says {@code urgent}. */
    private static Urgency urgency(String given, Map<String, String> fields) {
        if (given != null && !given.isBlank()) {
            try {
                return Urgency.valueOf(given.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("urgency must be NORMAL or URGENT, not '" + given + "'");
            }
        }
        return "urgent".equalsIgnoreCase(fields.get("urgency")) ? Urgency.URGENT : Urgency.NORMAL;
    }

    private Response discard(Request request, Principal principal) {
        long operatorId = operatorId(principal);
        var call = answerable(principal, callId(request));
        String reason = reason(JsonText.read(request.body(), Discard.class).reason(), null);
        if (reason == null) {
            throw new BadRequestException("a reason is required, a short code such as wrong-number or silent-call");
        }
        store.audit().append(principal.actor(), "message.discard", "call:" + call.id(), "reason=" + reason);
        var status = telephony.acd().status(operatorId);
        if (status.state() == OperatorState.WRAP_UP && status.callId() != null && status.callId() == call.id()) {
            status = telephony.finishWrapUp(operatorId);
        }
        return Response.json(200, status);
    }

    private Response callBack(Request request, Principal principal) {
        long operatorId = operatorId(principal);
        var body = JsonText.read(request.body(), CallBack.class);
        if (body.number() == null || body.number().isBlank()) {
            throw new BadRequestException("number is required");
        }
        try {
            telephony.callBack(operatorId, body.number());
        } catch (IllegalStateException e) {
            throw new HttpException(409, "Conflict", e.getMessage());
        }
        store.audit().append(principal.actor(), "call.back", "operator:" + operatorId, "");
        return Response.empty(202);
    }

    /** The call, if this operator may answer its client; 404 otherwise, as for a call that does not exist. */
    private Call answerable(Principal principal, long callId) {
        long operatorId = operatorId(principal);
        return store.calls().find(Scope.admin(), callId)
                .filter(c -> store.operators().allowedClients(operatorId).contains(c.clientId()))
                .orElseThrow(() -> HttpException.notFound("no call " + callId));
    }

    private static long operatorId(Principal principal) {
        return principal.user().operatorId();
    }

    private static long callId(Request request) {
        String value = request.pathParam("callId");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequestException("callId must be a whole number, not '" + value + "'");
        }
    }

    private static String reason(String given, String fallback) {
        if (given == null || given.isBlank()) {
            return fallback;
        }
        String code = given.strip().toLowerCase(Locale.ROOT);
        if (!REASON.matcher(code).matches()) {
            throw new BadRequestException("a reason is a short code of letters, digits and dashes (at most 32), such as break");
        }
        return code;
    }

    @Override
    public void close() {
        console.close();
    }

    /** Closes every open console (they reconnect by themselves), as a restart of this node would. */
    public void disconnectConsoles() {
        console.disconnectAll();
    }

    /** Runs the periodic check of open consoles' sessions now. */
    public void checkConsoleSessions() {
        console.checkSessions();
    }
}
