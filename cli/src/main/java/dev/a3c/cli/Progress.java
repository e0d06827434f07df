package dev.a3c.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress of work a person waits for (episodes played, frames written): on a terminal a bar redrawn in place on
 * standard error (me.tongfei:progressbar); without one nothing at all, so logs and pipes get no control characters.
 * {@code a3c train} has its own status line ({@link ProgressLine}).
 */
interface Progress extends AutoCloseable {

    /** Progress that shows nothing. */
    Progress NONE = new Progress() {
        @Override
        public void stepTo(long done) {}

        @Override
        public void close() {}
    };

    /** {@code done} of the total are finished. */
    void stepTo(long done);

    /** Ends the bar (the line is kept). */
    @Override
    void close();

    /** A bar on standard error when this process runs on a terminal, else {@link #NONE}. */
    static Progress onStandardError(String task, long total) {
        return of(task, total, System.err, System.console() != null, 0);
    }

    /**
     * A bar on {@code out} if {@code terminal}, else {@link #NONE}.
     *
     * @param width the bar line's width in characters; 0 asks the terminal
     */
    static Progress of(String task, long total, PrintStream out, boolean terminal, int width) {
        if (!terminal) {
            return NONE;
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUpdateIntervalMillis(200)
                .setConsumer(width > 0 ? new ConsoleProgressBarConsumer(out, width) : new ConsoleProgressBarConsumer(out))
                .build();
        return new Progress() {
            @Override
            public void stepTo(long done) {
                bar.stepTo(done);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
