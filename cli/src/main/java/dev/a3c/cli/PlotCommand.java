package dev.a3c.cli;

import dev.a3c.server.plot.RewardCurvePlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code a3c plot}: (re)draws a run folder's reward curve. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draw a run's reward curve (episode returns and their 100-episode average against environment "
                + "steps and wall time) from its episodes.csv into a PNG.")
final class PlotCommand implements Callable<Integer> {

    @Option(names = "--run-dir", required = true, paramLabel = "DIR", description = "The run folder.")
    Path runDir;

    @Option(names = "--out", paramLabel = "FILE", description = "The PNG to write (default: DIR/reward-curve.png).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(runDir)) {
            throw new IllegalArgumentException("no run folder " + runDir);
        }
        Path png = out != null ? out : runDir.resolve(RewardCurvePlot.FILE_NAME);
        int episodes = RewardCurvePlot.writeForRun(runDir, png);
        System.out.printf("%s: %,d episodes%n", png, episodes);
        return 0;
    }
}
