package dev.a3c.server.training;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A worker as seen by the server: {@code lastPush} is the time of its last applied push and
 * {@code lastStaleness} the staleness of its last push (applied or refused), both null before its
 * first push.
 */
public record WorkerStatus(int id, String host, long pid, int cores, boolean active, String state, long pushes,
                           @JsonProperty("env_steps") long envSteps,
                           @JsonProperty("last_seen") String lastSeen,
                           @JsonProperty("last_push") String lastPush,
                           @JsonProperty("last_staleness") Long lastStaleness) {}
