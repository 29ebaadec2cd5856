package org.messagebank.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Keeps {@code docs/configuration.md} in step with {@link ConfigKeys#ALL}. */
class ConfigurationDocTest {

    private static final Pattern CODE_CELL = Pattern.compile("`([^`]+)`");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @Test
    void documentsEveryCatalogKeyAndNoOther() throws IOException {
        Map<String, String> documented = documentedVariablesByKey(Files.readString(document()));
        List<String> problems = new ArrayList<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            String variable = documented.get(key.name());
            if (variable == null) {
                problems.add("key `" + key.name() + "` is not in the table");
            } else if (!variable.equals(key.envVar())) {
                problems.add("key `" + key.name() + "` is documented with variable " + variable + " instead of " + key.envVar());
            }
        }
        documented.keySet().stream()
                .filter(name -> ConfigKeys.ALL.stream().noneMatch(key -> key.name().equals(name)))
                .forEach(name -> problems.add("documented key `" + name + "` is not in the catalog"));

        assertTrue(problems.isEmpty(), document() + ": " + String.join("; ", problems));
    }

    @Test
    void yamlExamplesAreValid(@TempDir Path dir) throws IOException {
        Matcher example = YAML_BLOCK.matcher(Files.readString(document()));
        int examples = 0;
        while (example.find()) {
            Path file = Files.writeString(dir.resolve("example" + ++examples + ".yml"), example.group(1));
            assertDoesNotThrow(() -> ConfigLoader.load(Optional.of(file), Map.of()), example.group(1));
        }
        assertTrue(examples > 0, "no ```yaml example in " + document());
    }

    /** Table rows whose first cell is a code span: the key, and the code span of the second cell. */
    private static Map<String, String> documentedVariablesByKey(String markdown) {
        Map<String, String> variablesByKey = new LinkedHashMap<>();
        for (String line : markdown.lines().map(String::strip).filter(line -> line.startsWith("|")).toList()) {
            String[] cells = line.split("\\|");
            Matcher key = cells.length > 2 ? CODE_CELL.matcher(cells[1].strip()) : null;
            if (key != null && key.matches()) {
                Matcher variable = CODE_CELL.matcher(cells[2].strip());
                variablesByKey.put(key.group(1), variable.matches() ? variable.group(1) : cells[2].strip());
            }
        }
        return variablesByKey;
    }

    /** {@code docs/configuration.md} in the nearest directory, from the working directory up, that has one. */
    private static Path document() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs").resolve("configuration.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return fail("docs/configuration.md not found in " + Path.of("").toAbsolutePath() + " or any parent directory");
    }
}
