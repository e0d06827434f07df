package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogErrorsTest {

    @Test
    void listsErrorRecordsWithTheirStackTracesOnly(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("server.log");
        Files.writeString(log, String.join("\n",
                "WARNING: Using incubator modules: jdk.incubator.vector",
                "08:34:11.545 INFO  ParameterServer - accepting from workers",
                "08:34:12.001 ERROR EvaluationRunner - evaluation failed",
                "java.lang.IllegalStateException: bridge gone",
                "\tat dev.a3c.server.evaluation.EvaluationRunner.run(EvaluationRunner.java:120)",
                "08:34:12.002 WARN  ParameterServer - a worker left: no ERROR here",
                "\tat some.Frame(Of.java:1)",
                "08:34:13.000 ERROR ParameterServer - second"));
        assertEquals(String.join("\n",
                "08:34:12.001 ERROR EvaluationRunner - evaluation failed",
                "java.lang.IllegalStateException: bridge gone",
                "\tat dev.a3c.server.evaluation.EvaluationRunner.run(EvaluationRunner.java:120)",
                "08:34:13.000 ERROR ParameterServer - second"), LogErrors.in(log));
    }

    @Test
    void aLogWithoutErrorsGivesNothing(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("server.log");
        Files.writeString(log, "08:34:11.545 INFO  ParameterServer - an ERROR in a message\n");
        assertEquals("", LogErrors.in(log));
    }
}
