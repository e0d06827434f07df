package dev.a3c.learning.optim;

import java.util.Locale;

/** The shared optimizers the parameter server can run. */
public enum OptimizerKind {
    /** RMSProp with statistics shared by all workers, as in the A3C paper. */
    RMSPROP,
    ADAM;

    public static OptimizerKind parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("optimizer must be rmsprop or adam, got '" + name + "'");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
