package dev.a3c.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** Options written as on a command line ({@code --lr 1e-3 --state-dependent-std --no-anneal-lr}), as settings. */
final class Flags {

    private Flags() {}

    /** Option name (without {@code --}) to its text, in order; a boolean option without a value is true. */
    static Map<String, String> parse(String options) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] words = options.trim().isEmpty() ? new String[0] : options.trim().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (!word.startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got '" + word + "' in '" + options + "'");
            }
            String name = word.substring(2);
            if (!ConfigSchema.has(name) && name.startsWith("no-") && ConfigSchema.has(name.substring(3))
                    && ConfigSchema.byFlag(name.substring(3)).isBoolean()) {
                values.put(name.substring(3), "false");
            } else if (ConfigSchema.byFlag(name).isBoolean()
                    && (i + 1 == words.length || words[i + 1].startsWith("--"))) {
                values.put(name, "true");
            } else if (i + 1 < words.length) {
                values.put(name, words[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value in '" + options + "'");
            }
        }
        return values;
    }
}
