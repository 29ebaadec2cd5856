package org.messagebank.config;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a YAML config file into raw texts by dotted key name, checking that every key is known
 * and that sections hold mappings and keys hold single values. The texts are typed later.
 */
final class ConfigFile {

    private static final Set<String> KEY_NAMES = ConfigKeys.ALL.stream().map(ConfigKey::name)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    private static final Set<String> MAPPING_KEYS = ConfigKeys.ALL.stream().filter(key -> key.type().acceptsMapping())
            .map(ConfigKey::name).collect(Collectors.toSet());
    private static final Set<String> SECTIONS = sectionsOf(KEY_NAMES);

    private final Path path;
    private final Map<String, String> values = new HashMap<>();

    private ConfigFile(Path path) {
        this.path = path;
    }

    /**
     * The raw texts in {@code file} by key name.
     *
     * @param file    the absolute, normalized path of the file
     * @param pointer how the file was named, for messages about the file itself, such as
     *                {@code " (from MB_CONFIG)"}, or empty
     */
    static Map<String, String> read(Path file, String pointer) {
        ConfigFile config = new ConfigFile(file);
        Node root = config.parse(config.readText(pointer));
        if (root instanceof MappingNode mapping) {
            config.collect(mapping, "");
        } else if (!isNull(root)) {
            throw new ConfigException("config file " + file + " must hold a mapping of keys, found " + kind(root));
        }
        return Map.copyOf(config.values);
    }

    private String readText(String pointer) {
        String named = "config file " + path + pointer;
        if (Files.notExists(path)) {
            throw new ConfigException(named + " does not exist");
        }
        if (Files.isDirectory(path)) {
            throw new ConfigException(named + " cannot be read: it is a directory");
        }
        try {
            return Files.readString(path);
        } catch (AccessDeniedException e) {
            throw new ConfigException(named + " cannot be read: permission denied", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(named + " cannot be read: it is not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException(named + " cannot be read: " + e.getMessage(), e);
        }
    }

    private Node parse(String text) {
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(path.toString()).setSchema(new CoreSchema()).build();
            return new Compose(settings).composeString(text).orElse(null);
        } catch (MarkedYamlEngineException e) {
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            String context = e.getProblem() != null && e.getContext() != null
                    ? " (" + e.getContext() + e.getContextMark().map(ConfigFile::position).orElse("") + ")"
                    : "";
            String position = e.getProblemMark().or(e::getContextMark).map(ConfigFile::position).orElse("");
            throw new ConfigException("malformed YAML in " + path + position + ": " + problem + context, e);
        } catch (YamlEngineException e) {
            throw new ConfigException("malformed YAML in " + path + ": " + e.getMessage(), e);
        }
    }

    private static String position(Mark mark) {
        return " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private void collect(MappingNode mapping, String prefix) {
        for (NodeTuple entry : mapping.getValue()) {
            String key = keyText(entry.getKeyNode(), prefix);
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            Node value = entry.getValueNode();
            if (KEY_NAMES.contains(name)) {
                collectValue(name, value);
            } else if (SECTIONS.contains(name)) {
                collectSection(name, value);
            } else if (value instanceof MappingNode nested && !nested.getValue().isEmpty() && !nested.isRecursive()) {
                collect(nested, name);
            } else {
                String suggestion = Suggestions.closest(name, KEY_NAMES).map(s -> " (did you mean '" + s + "'?)").orElse("");
                throw new ConfigException("unknown key '" + name + "' in " + path + suggestion);
            }
        }
    }

    private void collectSection(String name, Node value) {
        if (value instanceof MappingNode mapping) {
            collect(mapping, name);
        } else if (!isNull(value)) {
            String members = KEY_NAMES.stream().filter(key -> key.startsWith(name + "."))
                    .collect(Collectors.joining(", "));
            throw new ConfigException(name + " in " + path + ": expected a mapping (a section with " + members + "), found "
                    + kind(value));
        }
    }

    private void collectValue(String name, Node value) {
        if (value instanceof MappingNode mapping && MAPPING_KEYS.contains(name)) {
            var properties = new Properties();
            flatten(name, mapping, "", properties);
            var text = new StringWriter();
            try {
                properties.store(text, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            store(name, text.toString());
            return;
        }
        if (!(value instanceof ScalarNode scalar)) {
            throw new ConfigException(name + " in " + path + ": expected a single value, found " + kind(value));
        }
        store(name, isNull(scalar) ? "" : scalar.getValue());
    }

    private void store(String name, String text) {
        if (values.put(name, text) != null) {
            throw new ConfigException("key '" + name + "' is set more than once in " + path);
        }
    }

    /** Entries of a mapping-valued key as properties, nested names joined by dots. */
    private void flatten(String key, MappingNode mapping, String prefix, Properties into) {
        for (NodeTuple entry : mapping.getValue()) {
            String name = prefix + keyText(entry.getKeyNode(), key);
            Node value = entry.getValueNode();
            if (value instanceof MappingNode nested && !nested.isRecursive()) {
                flatten(key, nested, name + ".", into);
            } else if (value instanceof ScalarNode scalar) {
                into.setProperty(name, isNull(scalar) ? "" : scalar.getValue());
            } else {
                throw new ConfigException(key + " in " + path + ": " + name + " must be a single value, found " + kind(value));
            }
        }
    }

    private String keyText(Node key, String prefix) {
        if (key instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        String place = prefix.isEmpty() ? "at the top level" : "under '" + prefix + "'";
        throw new ConfigException("a key " + place + " in " + path + " is " + kind(key) + ", expected a plain name");
    }

    private static boolean isNull(Node node) {
        return node == null || node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    private static String kind(Node node) {
        return switch (node.getNodeType()) {
            case MAPPING -> "a mapping";
            case SEQUENCE -> "a list";
            default -> "a single value";
        };
    }

    private static Set<String> sectionsOf(Set<String> keyNames) {
        Set<String> sections = new HashSet<>();
        for (String name : keyNames) {
            for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
                sections.add(name.substring(0, dot));
            }
        }
        return sections;
    }
}
