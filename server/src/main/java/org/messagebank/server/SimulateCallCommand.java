package org.messagebank.server;

import org.messagebank.telephony.sim.CallSimulator;
import org.messagebank.telephony.sim.CallSimulator.DialOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Places one call on a running server's FastAGI port exactly as Asterisk 22 does, and plays
 * Asterisk's side: the caller's channel and the operator's phone.
 */
@Command(name = "simulate-call", mixinStandardHelpOptions = true,
        description = "Place one call on the FastAGI port as Asterisk 22 would (environment, then the replies to each "
                + "AGI command) and print the conversation. No PBX needed.")
final class SimulateCallCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    Main.ConfigOption config;

    @Option(names = "--to", required = true, paramLabel = "NUMBER", description = "The dialled number (agi_extension), e.g. 02079460000.")
    String to;

    @Option(names = "--from", required = true, paramLabel = "NUMBER", description = "The caller's number (agi_callerid).")
    String from;

    @Option(names = "--name", paramLabel = "NAME", description = "The caller's name (agi_calleridname); default unknown.")
    String name;

    @Option(names = "--answer-after", paramLabel = "S",
            description = "The operator's phone answers after S seconds of ringing; without it the phone rings out.")
    Integer answerAfter;

    @Option(names = "--hangup-after", paramLabel = "S", defaultValue = "5",
            description = "The caller hangs up S seconds after the operator answers (default: ${DEFAULT-VALUE}).")
    int hangupAfter;

    @Option(names = "--host", paramLabel = "HOST", description = "FastAGI host (default: agi.host, or 127.0.0.1 when it is 0.0.0.0).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "FastAGI port (default: agi.port).")
    Integer port;

    @Override
    public Integer call() throws IOException {
        var cfg = config.load(main.env);
        String agiHost = host != null ? host
                : cfg.agi().host().equals("0.0.0.0") || cfg.agi().host().equals("::") ? "127.0.0.1" : cfg.agi().host();
        var server = new InetSocketAddress(agiHost, port != null ? port : cfg.agi().port());
        if (answerAfter != null && answerAfter < 0 || hangupAfter < 0) {
            throw new IllegalStateException("--answer-after and --hangup-after must not be negative");
        }
        var call = CallSimulator.Call.inbound(to, from, name);
        main.out.println("calling " + server.getHostString() + ":" + server.getPort() + " as Asterisk (channel " + call.uniqueId() + ")");
        CallSimulator.Result result;
        try {
            result = CallSimulator.run(server, call, this::dial, main.out::println);
        } catch (java.net.ConnectException e) {
            throw new IllegalStateException("no FastAGI server at " + server.getHostString() + ":" + server.getPort()
                    + " (is messagebank serve running?)");
        }
        main.out.println("call over: MB_STATUS=" + result.status()
                + (result.variables().containsKey("MB_OVERFLOW_ACTION")
                ? " MB_OVERFLOW_ACTION=" + result.variables().get("MB_OVERFLOW_ACTION")
                + " MB_OVERFLOW_TARGET=" + result.variables().get("MB_OVERFLOW_TARGET") : ""));
        return 0;
    }

    private DialOutcome dial(String endpoint, Duration ringTimeout) throws InterruptedException {
        main.out.println("   ringing " + endpoint + " (up to " + ringTimeout.toSeconds() + " s)");
        if (answerAfter == null || answerAfter >= ringTimeout.toSeconds()) {
            Thread.sleep(ringTimeout);
            main.out.println("   no answer from " + endpoint);
            return DialOutcome.noAnswer();
        }
        Thread.sleep(Duration.ofSeconds(answerAfter));
        main.out.println("   " + endpoint + " answered; the caller hangs up in " + hangupAfter + " s");
        Thread.sleep(Duration.ofSeconds(hangupAfter));
        return DialOutcome.answeredThenCallerHungUp();
    }
}
