package org.messagebank.config;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigKeysTest {

    @Test
    void everyKeyConstantIsInTheCatalog() throws IllegalAccessException {
        List<Field> constants = Arrays.stream(ConfigKeys.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigKey.class)
                .toList();
        for (Field constant : constants) {
            assertTrue(ConfigKeys.ALL.contains((ConfigKey<?>) constant.get(null)), constant.getName());
        }
        assertEquals(constants.size(), ConfigKeys.ALL.size());
    }

    @Test
    void everyDefaultIsValid() {
        ConfigKeys.ALL.forEach(key -> key.parse(key.defaultValue(), "by default"));
    }

    @Test
    void namesAndEnvironmentVariablesAreUnique() {
        Set<String> names = new HashSet<>();
        Set<String> variables = new HashSet<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            assertTrue(names.add(key.name()), key.name());
            assertTrue(variables.add(key.envVar()), key.envVar());
        }
    }

    @Test
    void environmentVariableIsTheUpperSnakeCaseName() {
        assertEquals("MB_DATABASE_POOL_SIZE", ConfigKeys.DATABASE_POOL_SIZE.envVar());
        assertEquals("MB_PHONE_DEFAULT_REGION", ConfigKeys.PHONE_DEFAULT_REGION.envVar());
        assertEquals("MB_DATA_DIR", ConfigKeys.DATA_DIR.envVar());
    }

    @Test
    void rejectsMalformedKeyNames() {
        assertThrows(IllegalArgumentException.class, () -> new ConfigKey<>("port", ValueType.string(), "", "No section."));
        assertThrows(IllegalArgumentException.class, () -> new ConfigKey<>("Http.Port", ValueType.string(), "", "Upper case."));
        assertThrows(IllegalArgumentException.class, () -> new ConfigKey<>("http_port.x", ValueType.string(), "", "Underscore."));
    }
}
