package org.messagebank.telephony.agi;

import org.asteriskjava.fastagi.command.ExecCommand;

/**
 * {@code EXEC Dial <endpoint>,<ring timeout>}, written exactly as Asterisk-Java's
 * {@link ExecCommand} writes it (each argument in double quotes, backslashes and quotes escaped,
 * line breaks dropped) but without its three regular expressions and two {@code String.format}
 * calls per argument: it is the one command on every call's routing path.
 */
final class DialCommand extends ExecCommand {
    private static final long serialVersionUID = 1L;

    DialCommand(String options) {
        super("Dial", options);
    }

    @Override
    public String buildCommand() {
        var command = new StringBuilder(64).append("EXEC ");
        quote(command, getApplication());
        command.append(' ');
        var options = getOptions();
        quote(command, options == null ? null : String.join(",", options));
        return command.toString();
    }

    /** As Asterisk-Java's {@code escapeAndQuote}: null is {@code ""}; {@code \} and {@code "} are escaped; {@code \n} is dropped. */
    static void quote(StringBuilder out, String value) {
        out.append('"');
        if (value != null) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> out.append("\\\\");
                    case '"' -> out.append("\\\"");
                    case '\n' -> {
                    }
                    default -> out.append(c);
                }
            }
        }
        out.append('"');
    }
}
