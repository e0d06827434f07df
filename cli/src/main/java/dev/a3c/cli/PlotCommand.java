package dev.a3c.cli;

import dev.a3c.server.plot.RewardCurvePlot;
import dev.a3c.server.plot.RunsPlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code a3c plot}: (re)draws a run folder's reward curve, or the curves of several runs (seeds) in one plot. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw a run's reward curve (episode returns and their 100-episode average against environment "
                + "steps and wall time) from its episodes.csv into a PNG.",
            "With --run-dir given several times (the seeds of one environment, say), draw every run's 100-episode "
                + "average against environment steps in one plot (--out is then required)."})
final class PlotCommand implements Callable<Integer> {

    @Option(names = "--run-dir", required = true, paramLabel = "DIR", description = "A run folder; repeat for several.")
    List<Path> runDirs;

    @Option(names = "--out", paramLabel = "FILE", description = "The PNG to write (default for one run: "
            + "DIR/reward-curve.png).")
    Path out;

    @Override
    public Integer call() throws Exception {
        for (Path dir : runDirs) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("no run folder " + dir);
            }
        }
        if (runDirs.size() > 1) {
            if (out == null) {
                throw new IllegalArgumentException("--out is needed to plot several runs together");
            }
            int runs = RunsPlot.writeForRuns(runDirs, out);
            System.out.printf("%s: %d runs%n", out, runs);
            return 0;
        }
        Path runDir = runDirs.get(0);
        Path png = out != null ? out : runDir.resolve(RewardCurvePlot.FILE_NAME);
        int episodes = RewardCurvePlot.writeForRun(runDir, png);
        System.out.printf("%s: %,d episodes%n", png, episodes);
        return 0;
    }
}
