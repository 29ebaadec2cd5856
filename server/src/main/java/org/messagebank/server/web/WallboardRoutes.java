package org.messagebank.server.web;

import org.messagebank.server.http.HttpServer;
import org.messagebank.server.http.Request;
import org.messagebank.server.http.Response;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.Operator;
import org.messagebank.store.domain.Role;
import org.messagebank.telephony.Telephony;
import org.messagebank.telephony.acd.OperatorState;
import org.messagebank.telephony.acd.OperatorStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The admins' live wallboard, {@code GET /api/v1/admin/wallboard}: the calls waiting and for how
 * long, the operators by state, and each client's calls and messages since midnight in the
 * service's time zone. The page polls it.
 */
public final class WallboardRoutes {
    private final MessageBankStore store;
    private final Telephony telephony;
    private final Guard guard;
    private final Clock clock;
    private final ZoneId zone;

    public WallboardRoutes(MessageBankStore store, Telephony telephony, Authenticator authenticator, Clock clock, ZoneId zone) {
        this.store = store;
        this.telephony = telephony;
        this.guard = new Guard(authenticator);
        this.clock = clock;
        this.zone = zone;
    }

    public void mount(HttpServer http) {
        http.route("GET", "/api/v1/admin/wallboard", guard.signedIn(Set.of(Role.ADMIN), this::board));
    }

    record Waiting(long callId, long clientId, String clientName, long waitingSeconds) {
    }

    record OperatorRow(long operatorId, String name, OperatorState state, String pauseReason, Long inStateSeconds) {
    }

    record ClientDay(long clientId, String clientName, long calls, long messages) {
    }

    /**
     * @param day   the service's day the counts are for
     * @param today clients with a call or a message today, busiest first
     */
    record Board(Instant at, LocalDate day, List<Waiting> waiting, Map<OperatorState, Long> operatorsByState,
                 List<OperatorRow> operators, List<ClientDay> today) {
    }

    private Response board(Request request, Principal principal) {
        Instant now = clock.instant();
        var clients = store.clients().list().stream().collect(Collectors.toMap(Client::id, Function.identity()));
        var waiting = new ArrayList<Waiting>();
        for (var call : telephony.acd().waiting()) {
            var client = clients.get(call.clientId());
            waiting.add(new Waiting(call.callId(), call.clientId(), client == null ? null : client.name(),
                    Duration.between(call.arrivedAt(), now).toSeconds()));
        }
        var statuses = telephony.operators().stream()
                .collect(Collectors.toMap(OperatorStatus::operatorId, Function.identity()));
        var byState = new EnumMap<OperatorState, Long>(OperatorState.class);
        for (var state : OperatorState.values()) {
            byState.put(state, 0L);
        }
        var operators = new ArrayList<OperatorRow>();
        for (Operator operator : store.operators().list()) {
            var status = statuses.get(operator.id());
            var state = status == null ? OperatorState.LOGGED_OUT : status.state();
            byState.merge(state, 1L, Long::sum);
            operators.add(new OperatorRow(operator.id(), operator.name(), state, status == null ? null : status.pauseReason(),
                    status == null || status.since() == null ? null : Duration.between(status.since(), now).toSeconds()));
        }
        LocalDate day = LocalDate.ofInstant(now, zone);
        Instant midnight = day.atStartOfDay(zone).toInstant();
        var calls = store.calls().countsSince(new Scope.Admin(), midnight);
        var messages = store.messages().countsSince(new Scope.Admin(), midnight);
        var today = new ArrayList<ClientDay>();
        for (var client : clients.values()) {
            long c = calls.getOrDefault(client.id(), 0L);
            long m = messages.getOrDefault(client.id(), 0L);
            if (c > 0 || m > 0) {
                today.add(new ClientDay(client.id(), client.name(), c, m));
            }
        }
        today.sort((a, b) -> a.calls() != b.calls() ? Long.compare(b.calls(), a.calls())
                : a.messages() != b.messages() ? Long.compare(b.messages(), a.messages()) : Long.compare(a.clientId(), b.clientId()));
        return Response.json(200, new Board(now, day, waiting, byState, operators, today));
    }
}
