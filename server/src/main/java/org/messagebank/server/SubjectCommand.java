package org.messagebank.server;

import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.index.MessageIndex;
import org.messagebank.store.rights.SubjectQuery;
import org.messagebank.store.rights.SubjectRights;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Data-subject requests from the command line (the admin console offers the same). */
@Command(name = "subject", mixinStandardHelpOptions = true,
        description = {"Data-subject requests (GDPR): find, export, erase, restrict, rectify, object.",
                "Run while the server is stopped, or the index-based part of the search is skipped. Every request is audited."},
        subcommands = {SubjectCommand.Find.class, SubjectCommand.Export.class, SubjectCommand.Erase.class,
                SubjectCommand.Restrict.class, SubjectCommand.Rectify.class, SubjectCommand.Object.class})
final class SubjectCommand {
    @ParentCommand
    Main main;

    /** Who the request is about. */
    static final class Who {
        @Option(names = "--phone", paramLabel = "NUMBER", description = "Telephone number in any format.")
        String phone;
        @Option(names = "--email", paramLabel = "ADDRESS", description = "Email address.")
        String email;
        @Option(names = "--name", paramLabel = "NAME", description = "Name, or part of it (3 characters or more).")
        String name;

        SubjectQuery query() {
            return new SubjectQuery(phone, email, name);
        }
    }

    /** Options every subject command shares. */
    static final class Common {
        @Mixin
        Main.ConfigOption config;
        @Option(names = "--actor", paramLabel = "WHO", description = "Who makes the request, for the audit log (default: cli:$USER).")
        String actor;

        String actor(Main main) {
            return actor != null ? actor : "cli:" + main.env.getOrDefault("USER", "unknown");
        }
    }

    abstract static class Base implements Callable<Integer> {
        @ParentCommand
        SubjectCommand parent;
        @Mixin
        Common common;

        @Override
        public Integer call() throws IOException {
            var main = parent.main;
            var cfg = common.config.load(main.env);
            try (var offline = new Offline(cfg, main.clock)) {
                var index = offline.indexIfFree();
                try {
                    return run(main, new SubjectRights(offline.store(), new PhoneNumbers(cfg.phone().defaultRegion()),
                            index.map(MessageIndex.class::cast)), common.actor(main));
                } finally {
                    index.ifPresent(i -> {
                        offline.indexer(i).purgeDeleted();
                        i.close();
                    });
                }
            }
        }

        abstract int run(Main main, SubjectRights rights, String actor) throws IOException;
    }

    @Command(name = "find", mixinStandardHelpOptions = true, description = "Count what is held about a person, per kind of record.")
    static final class Find extends Base {
        @ArgGroup(exclusive = false, multiplicity = "1")
        Who who;

        @Override
        int run(Main main, SubjectRights rights, String actor) {
            main.out.println(rights.find(actor, who.query()).counts());
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write everything held about a person as JSON (portability) or an HTML report (access).")
    static final class Export extends Base {
        @ArgGroup(exclusive = false, multiplicity = "1")
        Who who;
        @Option(names = "--format", defaultValue = "json", description = "json or html (default: ${DEFAULT-VALUE}).")
        String format;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write.")
        Path out;

        @Override
        int run(Main main, SubjectRights rights, String actor) throws IOException {
            String body = switch (format) {
                case "json" -> rights.exportJson(actor, who.query());
                case "html" -> rights.exportHtml(actor, who.query());
                default -> throw new IllegalArgumentException("--format must be json or html, not '" + format + "'");
            };
            Files.writeString(out, body, StandardCharsets.UTF_8);
            main.out.println("wrote " + out);
            return 0;
        }
    }

    @Command(name = "erase", mixinStandardHelpOptions = true,
            description = "Delete everything held about a person, search index included (refused under a legal hold).")
    static final class Erase extends Base {
        @ArgGroup(exclusive = false, multiplicity = "1")
        Who who;

        @Override
        int run(Main main, SubjectRights rights, String actor) {
            main.out.println("erased " + rights.erase(actor, who.query()).counts());
            return 0;
        }
    }

    @Command(name = "restrict", mixinStandardHelpOptions = true,
            description = "Restrict processing of a person's messages: kept, not dispatched, hidden from clients.")
    static final class Restrict extends Base {
        @ArgGroup(exclusive = false, multiplicity = "1")
        Who who;
        @Option(names = "--lift", description = "Lift the restriction instead.")
        boolean lift;

        @Override
        int run(Main main, SubjectRights rights, String actor) {
            int changed = rights.restrict(actor, who.query(), !lift);
            main.out.println((lift ? "lifted restriction on " : "restricted ") + changed + " message(s)");
            return 0;
        }
    }

    @Command(name = "rectify", mixinStandardHelpOptions = true, description = "Correct one field of one message.")
    static final class Rectify extends Base {
        @Parameters(index = "0", paramLabel = "MESSAGE_ID")
        long messageId;
        @Parameters(index = "1", paramLabel = "FIELD", description = "A script field name, caller_name or caller_number.")
        String field;
        @Parameters(index = "2", paramLabel = "VALUE")
        String value;

        @Override
        int run(Main main, SubjectRights rights, String actor) {
            rights.rectify(actor, messageId, field, value);
            main.out.println("rectified message " + messageId);
            return 0;
        }
    }

    @Command(name = "object", mixinStandardHelpOptions = true, description = "Stop marketing to a register contact and delete it.")
    static final class Object extends Base {
        @Parameters(index = "0", paramLabel = "CONTACT_ID")
        long contactId;

        @Override
        int run(Main main, SubjectRights rights, String actor) {
            main.out.println(rights.object(actor, contactId) ? "deleted contact " + contactId : "no marketing contact " + contactId);
            return 0;
        }
    }
}
