package dev.a3c.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ERROR records of a process's log, each with the lines that follow it (a stack trace), for a test's message. */
final class LogErrors {

    /** A record's first line: the time of day, then the level. */
    private static final Pattern RECORD = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (\\S+)");

    private LogErrors() {
    }

    /** The ERROR records of {@code log}, one after the other; empty when there are none. */
    static String in(Path log) throws IOException {
        List<String> found = new ArrayList<>();
        boolean inError = false;
        for (String line : Files.readAllLines(log)) {
            Matcher record = RECORD.matcher(line);
            if (record.find()) {
                inError = record.group(1).equals("ERROR");
            }
            if (inError) {
                found.add(line);
            }
        }
        return String.join("\n", found);
    }
}
