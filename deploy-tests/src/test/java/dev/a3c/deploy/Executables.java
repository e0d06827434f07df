package dev.a3c.deploy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Programs the deployment tests run, found on the PATH (and in the sbin folders, where root's tools live). */
final class Executables {

    private Executables() {}

    /** {@code name} in a folder of the PATH, /usr/sbin or /sbin, if it is there and executable. */
    static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        String dirs = (path == null ? "" : path + File.pathSeparator) + "/usr/sbin" + File.pathSeparator + "/sbin";
        for (String dir : dirs.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
