package dev.a3c.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every setting of a {@link TrainingConfig}, read from its records: the groups are the
 * configuration's components, the settings their {@link Setting}-annotated components. From one
 * entry follow the option ({@code --entropy-coef}), the variable ({@code A3C_ENTROPY_COEF}), the
 * JSON path ({@code algorithm.entropyCoef}), and how a value is read from text and written back.
 */
public final class ConfigSchema {

    /** Options' variables start with this: {@code --foo-bar} is {@code A3C_FOO_BAR}. */
    public static final String VARIABLE_PREFIX = "A3C_";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, Entry> BY_FLAG = load();

    private ConfigSchema() {}

    /** One setting. */
    public record Entry(String group, RecordComponent component, String flag, String label, String doc) {

        /** The JSON path: group, then component. */
        public String path() {
            return group + "." + component.getName();
        }

        public String variable() {
            return VARIABLE_PREFIX + flag.toUpperCase(Locale.ROOT).replace('-', '_');
        }

        public boolean isBoolean() {
            return component.getType() == boolean.class || component.getType() == Boolean.class;
        }

        /** The JSON value of a text given on the command line, in a variable or in {@link Tuning}. */
        public JsonNode parse(String text) {
            Class<?> type = component.getType();
            String v = text.trim();
            if (type == String.class) {
                return NODES.textNode(v);
            }
            if (type == boolean.class || type == Boolean.class) {
                return switch (v.toLowerCase(Locale.ROOT)) {
                    case "true" -> NODES.booleanNode(true);
                    case "false" -> NODES.booleanNode(false);
                    default -> throw invalid(text, "true or false");
                };
            }
            if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
                try {
                    long value = new BigDecimal(v).longValueExact();
                    if (type == int.class || type == Integer.class) {
                        return NODES.numberNode(Math.toIntExact(value));
                    }
                    return NODES.numberNode(value);
                } catch (NumberFormatException | ArithmeticException e) {
                    throw invalid(text, "an integer");
                }
            }
            if (type == double.class || type == Double.class) {
                if (type == Double.class && v.equalsIgnoreCase("none")) {
                    return NullNode.getInstance();
                }
                try {
                    return NODES.numberNode(Double.parseDouble(v));
                } catch (NumberFormatException e) {
                    throw invalid(text, type == Double.class ? "a number or 'none'" : "a number");
                }
            }
            if (type.isEnum()) {
                return Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                        .filter(name -> name.equalsIgnoreCase(v)).findFirst().map(NODES::textNode)
                        .orElseThrow(() -> invalid(text, enumNames(type)));
            }
            if (type == List.class) {
                ArrayNode list = NODES.arrayNode();
                for (String part : v.split(",")) {
                    try {
                        list.add(Integer.parseInt(part.trim()));
                    } catch (NumberFormatException e) {
                        throw invalid(text, "integers separated by commas");
                    }
                }
                return list;
            }
            if (type == Duration.class) {
                return NODES.textNode(duration(v).orElseThrow(() -> invalid(text, "a duration ('30', '30s', '5m', '1h')")).toString());
            }
            if (type == Interval.class) {
                try {
                    return NODES.textNode(Interval.parse(v).toString());
                } catch (IllegalArgumentException e) {
                    throw invalid(text, "seconds ('30s') or updates ('500')");
                }
            }
            throw new IllegalStateException("no text form for " + type);
        }

        /** The text of a JSON value, as an option would take it. */
        public String format(JsonNode value) {
            Class<?> type = component.getType();
            if (value == null || value.isNull()) {
                return "none";
            }
            if (type.isEnum()) {
                return value.asText().toLowerCase(Locale.ROOT);
            }
            if (type == List.class) {
                List<String> parts = new ArrayList<>();
                value.forEach(n -> parts.add(n.asText()));
                return String.join(",", parts);
            }
            if (type == Duration.class) {
                return Interval.ofSeconds(Duration.parse(value.asText()).toMillis() / 1000.0).toString();
            }
            if (value.isDouble()) {
                return shortest(value.asDouble());
            }
            return value.asText();
        }

        private IllegalArgumentException invalid(String text, String expected) {
            return new IllegalArgumentException("--" + flag + " must be " + expected + ", got '" + text + "'");
        }
    }

    /** Every setting, group by group in the order of the configuration's components. */
    public static List<Entry> entries() {
        return List.copyOf(BY_FLAG.values());
    }

    /** The setting of option {@code --flag}. */
    public static Entry byFlag(String flag) {
        Entry e = BY_FLAG.get(flag);
        if (e == null) {
            throw new IllegalArgumentException("unknown setting --" + flag);
        }
        return e;
    }

    public static boolean has(String flag) {
        return BY_FLAG.containsKey(flag);
    }

    /** The configuration's groups: its components' names. */
    public static List<String> groups() {
        return Arrays.stream(TrainingConfig.class.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    private static Map<String, Entry> load() {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (RecordComponent group : TrainingConfig.class.getRecordComponents()) {
            for (RecordComponent c : group.getType().getRecordComponents()) {
                Setting s = c.getAnnotation(Setting.class);
                if (s == null) {
                    throw new IllegalStateException(group.getType().getSimpleName() + "." + c.getName() + " has no @Setting");
                }
                String flag = s.flag().isEmpty() ? kebab(c.getName()) : s.flag();
                if (c.getType() == List.class && !(c.getGenericType() instanceof ParameterizedType p
                        && p.getActualTypeArguments()[0] == Integer.class)) {
                    throw new IllegalStateException("only lists of integers are settings: " + c);
                }
                if (entries.put(flag, new Entry(group.getName(), c, flag, s.label(), s.doc())) != null) {
                    throw new IllegalStateException("two settings named --" + flag);
                }
            }
        }
        return entries;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String enumNames(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" or "));
    }

    private static java.util.Optional<Duration> duration(String v) {
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return java.util.Optional.of(Duration.parse(v));
            }
            String lower = v.toLowerCase(Locale.ROOT);
            double factor = 1;
            if (lower.endsWith("h")) {
                factor = 3600;
            } else if (lower.endsWith("m")) {
                factor = 60;
            }
            String number = lower.endsWith("h") || lower.endsWith("m") || lower.endsWith("s") ? lower.substring(0, lower.length() - 1) : lower;
            double seconds = Double.parseDouble(number) * factor;
            return seconds > 0 && seconds <= 1e9 ? java.util.Optional.of(Duration.ofMillis(Math.round(seconds * 1000)))
                    : java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** 0.002 as "0.002", 1e-05 as "1e-05": the shorter of the plain and the scientific form. */
    static String shortest(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        String scientific = Double.toString(value).replace(".0E", "E").replace("E", "e");
        return plain.length() <= scientific.length() ? plain : scientific;
    }
}
