package org.messagebank.telephony.agi;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.MappingStrategy;
import org.messagebank.telephony.routing.CallRouter;
import org.messagebank.telephony.routing.CallerGone;
import org.messagebank.telephony.routing.InboundCall;
import org.messagebank.telephony.routing.RouteStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FastAGI scripts this server offers, by the path of the AGI URL: {@code inbound} routes a
 * call; any other path is answered with {@code MB_STATUS=UNKNOWN_SCRIPT}. Scripts are stateless
 * and shared by every session.
 */
final class AgiScripts implements MappingStrategy {
    static final String INBOUND = "inbound";
    private static final Logger log = LoggerFactory.getLogger(AgiScripts.class);

    /** Answers every request with {@code MB_STATUS=BUSY}: used above the session limit. */
    static final MappingStrategy BUSY = (request, channel) -> new StatusScript(RouteStatus.BUSY);

    private final AgiScript inbound;
    private final AgiScript unknown = new StatusScript(RouteStatus.UNKNOWN_SCRIPT);

    AgiScripts(CallRouter router) {
        this.inbound = new InboundScript(router);
    }

    @Override
    public AgiScript determineScript(AgiRequest request, AgiChannel channel) {
        String script = request.getScript();
        return script != null && script.equals(INBOUND) ? inbound : unknown;
    }

    /** Tells the dialplan one status and returns. */
    record StatusScript(RouteStatus status) implements AgiScript {
        @Override
        public void service(AgiRequest request, AgiChannel channel) throws AgiException {
            channel.setVariable(RouteStatus.VARIABLE, status.name());
        }
    }

    /**
     * {@code agi://host/inbound}: hands the call to the router. The router needs the request only
     * to open the call, so the environment is released as soon as the call's details are taken,
     * and the session, held for the whole conversation, keeps neither it nor those details.
     */
    record InboundScript(CallRouter router) implements AgiScript {
        @Override
        public void service(AgiRequest request, AgiChannel channel) {
            var leg = new AgiCallLeg(channel, AgiListener.currentConnection());
            try {
                var opened = router.open(takeCall(request), leg);
                if (opened != null) {
                    router.serve(opened, leg);
                }
            } catch (CallerGone e) {
                log.debug("channel {} gone: {}", channel.getUniqueId(), e.getMessage());
            } catch (RuntimeException e) {
                log.warn("routing channel {} failed with {}", channel.getUniqueId(), e.getClass().getSimpleName());
                log.debug("routing failure", e);
                try {
                    leg.setVariable(RouteStatus.VARIABLE, RouteStatus.FAILED.name());
                } catch (CallerGone | RuntimeException ignored) {
                    // the channel is gone as well; nothing more to tell
                }
            }
        }

        /** The call's details from the environment, which is then released. */
        private static InboundCall takeCall(AgiRequest request) {
            var call = new InboundCall(request.getUniqueId(), request.getExtension(), request.getDnid(),
                    request.getCallerIdNumber(), request.getCallerIdName());
            ReleasableAgiRequest.release(request);
            return call;
        }
    }
}
