package org.messagebank.telephony.routing;

import org.messagebank.store.CallStore;
import org.messagebank.store.ClientStore;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.RoutingStore;
import org.messagebank.store.domain.RoutingSettings;
import org.messagebank.telephony.acd.Acd;
import org.messagebank.telephony.acd.Assignment;
import org.messagebank.telephony.acd.CallOutcome;
import org.messagebank.telephony.acd.LiveCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes one inbound call: finds the client by the dialled number, opens the call, and hands it
 * to the {@link Acd} until an operator has answered and the call is over, or the caller
 * overflows or hangs up. Stateless: the call's state lives in its {@link LiveCall}.
 *
 * <p>What happened is told to the dialplan in {@code MB_STATUS} ({@link RouteStatus}); on overflow
 * also {@code MB_OVERFLOW_ACTION} and {@code MB_OVERFLOW_TARGET}.
 */
public final class CallRouter {
    public static final String OVERFLOW_ACTION = "MB_OVERFLOW_ACTION";
    public static final String OVERFLOW_TARGET = "MB_OVERFLOW_TARGET";
    private static final Logger log = LoggerFactory.getLogger(CallRouter.class);
    /** How often a waiting call checks whether Asterisk reported the caller's hangup on the AGI connection. */
    static final Duration HANGUP_CHECK = Duration.ofSeconds(1);

    private final ClientStore clients;
    private final RoutingStore routing;
    private final CallStore calls;
    private final PhoneNumbers phones;
    private final Acd acd;
    private final Settings settings;
    /** Dialled number as Asterisk sent it → E.164, see {@link #dialledE164}. */
    private final Map<String, Optional<String>> dialledNumbers = new ConcurrentHashMap<>();
    static final int DIALLED_CACHE_SIZE = 10_000;

    /**
     * @param dialledFromDnid read the dialled number from {@code agi_dnid} rather than {@code agi_extension}
     * @param defaultMaxWait  the queue wait of clients without their own routing settings
     * @param ringTimeout     how long an operator's phone rings
     */
    public record Settings(boolean dialledFromDnid, Duration defaultMaxWait, Duration ringTimeout) {
    }

    public CallRouter(ClientStore clients, RoutingStore routing, CallStore calls, PhoneNumbers phones, Acd acd, Settings settings) {
        this.clients = clients;
        this.routing = routing;
        this.calls = calls;
        this.phones = phones;
        this.acd = acd;
        this.settings = settings;
    }

    /**
     * A call opened in the store and in the queue, to be served on its leg.
     *
     * @param rules the client's routing settings (maximum wait, overflow)
     */
    public record Opened(LiveCall live, RoutingSettings rules) {
    }

    /** Routes the call on the leg; returns when the AGI session should end. */
    public void route(InboundCall request, CallLeg leg) throws CallerGone {
        var opened = open(request, leg);
        if (opened != null) {
            serve(opened, leg);
        }
    }

    /**
     * The part of routing that needs the request: finds the client by the dialled number, opens
     * the call in the store and puts it in the queue. Returns null when the call is not taken
     * (the dialplan has been told why). A session stays open for the whole conversation, so what
     * is kept to {@link #serve} the call is only the live call and the client's settings.
     */
    public Opened open(InboundCall request, CallLeg leg) throws CallerGone {
        String dialled = settings.dialledFromDnid() ? request.dnid() : request.extension();
        if (dialled == null || dialled.isBlank() || dialled.equals("unknown")) {
            leg.setVariable(RouteStatus.VARIABLE, RouteStatus.INVALID_REQUEST.name());
            return null;
        }
        var number = dialledE164(dialled).flatMap(clients::findNumber);
        if (number.isEmpty()) {
            leg.setVariable(RouteStatus.VARIABLE, RouteStatus.UNKNOWN_NUMBER.name());
            return null;
        }
        var client = clients.find(number.get().clientId());
        if (client.isEmpty()) {
            leg.setVariable(RouteStatus.VARIABLE, RouteStatus.UNKNOWN_NUMBER.name());
            return null;
        }
        if (!client.get().active()) {
            leg.setVariable(RouteStatus.VARIABLE, RouteStatus.CEASED.name());
            return null;
        }
        var rules = routing.find(client.get().id()).orElse(RoutingSettings.defaults(client.get().id(), settings.defaultMaxWait()));
        var call = calls.open(client.get().id(), number.get().e164(), phones.normaliseCallerId(known(request.callerId())),
                known(request.callerName()));
        log.debug("call {} for client {} opened", call.id(), call.clientId());
        return new Opened(acd.arrive(call.id(), call.clientId(), request.uniqueId(), rules.maxWait()), rules);
    }

    /** Serves an opened call until it is over (answered and hung up, overflowed, abandoned), then ends it. */
    public void serve(Opened opened, CallLeg leg) throws CallerGone {
        var live = opened.live();
        CallOutcome outcome = CallOutcome.FAILED;
        try {
            outcome = attend(live, leg, opened.rules());
        } catch (CallerGone e) {
            outcome = live.connectedOrLater() ? CallOutcome.ANSWERED : CallOutcome.ABANDONED;
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            acd.ended(live, outcome);
            calls.end(live.callId());
            log.debug("call {} ended: {}", live.callId(), outcome);
        }
    }

    private CallOutcome attend(LiveCall live, CallLeg leg, RoutingSettings rules) throws CallerGone, InterruptedException {
        boolean holding = false;
        while (true) {
            Assignment next = live.poll();
            if (next == null) {
                if (!holding) {
                    leg.answer();
                    leg.musicOnHold(true);
                    holding = true;
                }
                next = awaitAssignment(live, leg);
            }
            switch (next) {
                case Assignment.Offer offer -> {
                    if (holding) {
                        leg.musicOnHold(false);
                        holding = false;
                    }
                    var result = leg.dial(offer.endpoint(), settings.ringTimeout());
                    switch (result) {
                        case ANSWER -> {
                            acd.connected(live);
                            leg.setVariable(RouteStatus.VARIABLE, RouteStatus.ANSWERED.name());
                            return CallOutcome.ANSWERED;
                        }
                        case CANCEL -> {
                            return CallOutcome.ABANDONED;
                        }
                        case UNKNOWN -> {
                            if (live.connectedOrLater()) {
                                return CallOutcome.ANSWERED;
                            }
                            acd.noAnswer(live, Acd.MISSED_CALL);
                        }
                        case CHANUNAVAIL -> acd.noAnswer(live, "phone-unavailable");
                        default -> acd.noAnswer(live, Acd.MISSED_CALL);
                    }
                }
                case Assignment.Overflow overflow -> {
                    leg.setVariable(RouteStatus.VARIABLE, RouteStatus.OVERFLOW.name());
                    leg.setVariable(OVERFLOW_ACTION, rules.overflowAction().name());
                    leg.setVariable(OVERFLOW_TARGET, Optional.ofNullable(rules.overflowTarget()).orElse(""));
                    return CallOutcome.OVERFLOW;
                }
                case Assignment.CallerGone gone -> {
                    return CallOutcome.ABANDONED;
                }
            }
        }
    }

    /** Waits for the ACD, noticing meanwhile a hangup that Asterisk reports on the AGI connection (when AMI is absent or late). */
    private static Assignment awaitAssignment(LiveCall live, CallLeg leg) throws InterruptedException {
        while (true) {
            var next = live.poll(HANGUP_CHECK);
            if (next != null) {
                return next;
            }
            if (leg.hungUp()) {
                return new Assignment.CallerGone();
            }
        }
    }

    /**
     * The dialled number in E.164. Parsing with libphonenumber costs about as much as a database
     * lookup, the answer depends on the text alone, and calls come in to the same few client
     * numbers over and over: answers are remembered, up to {@link #DIALLED_CACHE_SIZE} texts
     * (then forgotten all at once, so junk numbers cannot make it grow). Only the parsing is
     * remembered: which client a number reaches is read from the store on every call.
     */
    private Optional<String> dialledE164(String dialled) {
        var known = dialledNumbers.get(dialled);
        if (known == null) {
            known = phones.toE164(dialled);
            if (dialledNumbers.size() >= DIALLED_CACHE_SIZE) {
                dialledNumbers.clear();
            }
            dialledNumbers.put(dialled, known);
        }
        return known;
    }

    private static String known(String value) {
        return value == null || value.isBlank() || value.equals("unknown") ? null : value;
    }
}
