package dev.a3c.server.validation;

/**
 * Client-supplied text made safe to write into a log line or a status description: quoted, every
 * character outside printable ASCII escaped ({@code \n}, {@code \u2028}, ...), and cut after
 * {@link #MAX_SHOWN} characters with the original length noted. A client cannot forge a log line
 * or fill the log through what it sends.
 */
public final class ClientText {

    /** The most characters of a client's string shown. */
    static final int MAX_SHOWN = 64;

    private ClientText() {}

    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_SHOWN) + 16).append('"');
        int shown = Math.min(text.length(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        out.append(c);
                    } else {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        out.append('"');
        if (text.length() > shown) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
