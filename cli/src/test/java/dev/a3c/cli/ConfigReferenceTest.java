package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The documentation keeps up with the code: the configuration reference is the generated one, and no option goes unmentioned. */
class ConfigReferenceTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    @Test
    void theConfigurationReferenceIsTheOneTheCodeGenerates() throws IOException {
        String committed = Files.readString(ROOT.resolve("docs/configuration.md"));
        assertEquals(ConfigCommand.reference() + System.lineSeparator(), committed,
                "docs/configuration.md is stale: regenerate it with ./a3c config --reference > docs/configuration.md");
    }

    @Test
    void everyOptionOfEveryCommandIsDocumented() throws IOException {
        String docs;
        try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
            docs = Stream.concat(Stream.of(ROOT.resolve("README.md")), files.filter(p -> p.toString().endsWith(".md")))
                    .map(ConfigReferenceTest::read).collect(Collectors.joining("\n"));
        }
        List<String> missing = new ArrayList<>();
        List<CommandLine> commands = new ArrayList<>(List.of(A3cCommand.commandLine(Map.of())));
        for (int i = 0; i < commands.size(); i++) {
            CommandLine command = commands.get(i);
            commands.addAll(command.getSubcommands().values());
            for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                String name = option.longestName();
                String bare = name.replaceFirst("^--", "");
                if (!docs.contains(name) && !docs.contains("--[no-]" + bare)) {
                    missing.add(command.getCommandSpec().qualifiedName() + " " + name);
                }
            }
        }
        assertTrue(missing.isEmpty(), "options the README and docs/ never mention: " + missing);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
