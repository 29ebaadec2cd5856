package org.messagebank.telephony.agi;

import org.asteriskjava.AsteriskVersion;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiReader;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.reply.AgiReply;

import java.net.InetAddress;
import java.util.Map;

/**
 * The AGI environment of one session as Asterisk-Java parsed it, until the session's script has
 * taken what it needs and calls {@link #release()}. A session is held open for the whole
 * conversation, and Asterisk-Java keeps the environment (two dozen variables in a map, about
 * 4 KB) reachable from the channel and from the handler's stack all that time; releasing it keeps
 * only what the channel reads later: its name, unique id, script and the Asterisk version (which
 * decides how commands are written). Reading anything else after the release fails loudly rather
 * than answering with a wrong value.
 *
 * <p>Used by one session's thread; {@link #release()} may be called more than once.
 */
final class ReleasableAgiRequest implements AgiRequest {
    private AgiRequest environment;
    private String channel;
    private String uniqueId;
    private String script;
    private AsteriskVersion asteriskVersion;

    ReleasableAgiRequest(AgiRequest environment) {
        this.environment = environment;
    }

    /** If the request is one of these, drops its environment; otherwise does nothing. */
    static void release(AgiRequest request) {
        if (request instanceof ReleasableAgiRequest releasable) {
            releasable.release();
        }
    }

    /** Drops the environment, keeping the channel name, unique id, script and Asterisk version. */
    void release() {
        if (environment != null) {
            channel = environment.getChannel();
            uniqueId = environment.getUniqueId();
            script = environment.getScript();
            asteriskVersion = environment.getAsteriskVersion();
            environment = null;
        }
    }

    /** Whether the environment has been dropped. */
    boolean released() {
        return environment == null;
    }

    private AgiRequest environment() {
        if (environment == null) {
            throw new IllegalStateException("the AGI environment of channel " + uniqueId + " was released once the call was routed");
        }
        return environment;
    }

    @Override
    public String getChannel() {
        return environment == null ? channel : environment.getChannel();
    }

    @Override
    public String getUniqueId() {
        return environment == null ? uniqueId : environment.getUniqueId();
    }

    @Override
    public String getScript() {
        return environment == null ? script : environment.getScript();
    }

    @Override
    public AsteriskVersion getAsteriskVersion() {
        return environment == null ? asteriskVersion : environment.getAsteriskVersion();
    }

    @Override
    public Map<String, String> getRequest() {
        return environment().getRequest();
    }

    @Override
    public String getRequestURL() {
        return environment().getRequestURL();
    }

    @Override
    public String getType() {
        return environment().getType();
    }

    @Override
    public String getLanguage() {
        return environment().getLanguage();
    }

    @Override
    public String getCallerId() {
        return environment().getCallerId();
    }

    @Override
    public String getCallerIdNumber() {
        return environment().getCallerIdNumber();
    }

    @Override
    public String getCallerIdName() {
        return environment().getCallerIdName();
    }

    @Override
    public String getDnid() {
        return environment().getDnid();
    }

    @Override
    public String getRdnis() {
        return environment().getRdnis();
    }

    @Override
    public String getContext() {
        return environment().getContext();
    }

    @Override
    public String getExtension() {
        return environment().getExtension();
    }

    @Override
    public Integer getPriority() {
        return environment().getPriority();
    }

    @Override
    public Boolean getEnhanced() {
        return environment().getEnhanced();
    }

    @Override
    public String getAccountCode() {
        return environment().getAccountCode();
    }

    @Override
    public Integer getCallingPres() {
        return environment().getCallingPres();
    }

    @Override
    public Integer getCallingAni2() {
        return environment().getCallingAni2();
    }

    @Override
    public Integer getCallingTon() {
        return environment().getCallingTon();
    }

    @Override
    public Integer getCallingTns() {
        return environment().getCallingTns();
    }

    @Override
    public String getParameter(String name) {
        return environment().getParameter(name);
    }

    @Override
    public String[] getParameterValues(String name) {
        return environment().getParameterValues(name);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return environment().getParameterMap();
    }

    @Override
    public String[] getArguments() {
        return environment().getArguments();
    }

    @Override
    public InetAddress getLocalAddress() {
        return environment().getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return environment().getLocalPort();
    }

    @Override
    public InetAddress getRemoteAddress() {
        return environment().getRemoteAddress();
    }

    @Override
    public int getRemotePort() {
        return environment().getRemotePort();
    }

    /** Names the channel only: the environment holds the caller's number and name. */
    @Override
    public String toString() {
        return "AgiRequest[script=" + getScript() + ", uniqueId=" + getUniqueId() + (released() ? ", released" : "") + "]";
    }

    /**
     * Asterisk-Java's reader with each request it reads made releasable. The channel is given the
     * reader inside ({@link #inner()}), so a command waiting for its reply has no extra frame.
     */
    static final class Reader implements AgiReader {
        private final AgiReader inner;

        Reader(AgiReader inner) {
            this.inner = inner;
        }

        AgiReader inner() {
            return inner;
        }

        @Override
        public AgiRequest readRequest() throws AgiException {
            return new ReleasableAgiRequest(inner.readRequest());
        }

        @Override
        public AgiReply readReply() throws AgiException {
            return inner.readReply();
        }
    }
}
