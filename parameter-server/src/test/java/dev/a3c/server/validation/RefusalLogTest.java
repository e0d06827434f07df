package dev.a3c.server.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.a3c.wire.Refusal;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefusalLogTest {

    @Test
    void logsTheFirstRefusalOfEachKindThenAtMostOncePerIntervalWithTheCountLeftOut() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger logger = context.getLogger("refusal-log-test");
        logger.setLevel(Level.DEBUG);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        long[] now = {0};
        RefusalLog log = new RefusalLog(() -> now[0], logger);

        for (int i = 0; i < 1000; i++) {
            log.refused("PushGradients", Refusal.GRADIENT_NORM, "gradient norm too large");
        }
        log.refused("PullWeights", Refusal.STALE, "honest");
        assertEquals(2, events.list.size(), "one line per kind, however many refusals");
        assertEquals(Level.WARN, events.list.get(0).getLevel());
        assertEquals(Level.DEBUG, events.list.get(1).getLevel(), "what honest workers meet goes to DEBUG");
        assertTrue(events.list.stream().allMatch(e -> e.getThrowableProxy() == null), "no stack traces");

        now[0] += TimeUnit.SECONDS.toNanos(RefusalLog.INTERVAL_SECONDS) - 1;
        log.refused("PushGradients", Refusal.GRADIENT_NORM, "again");
        assertEquals(2, events.list.size());
        now[0] += 1;
        log.refused("PushGradients", Refusal.GRADIENT_NORM, "and again");
        assertEquals(3, events.list.size());
        String line = events.list.get(2).getFormattedMessage();
        assertTrue(line.contains("and again") && line.contains("1000 more of this kind"), line);
        logger.detachAppender(events);
    }
}
