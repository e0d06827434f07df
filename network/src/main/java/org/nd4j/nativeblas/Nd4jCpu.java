package org.nd4j.nativeblas;

/**
 * A bridge for DL4J 1.0.0-M2.1's oneDNN layer helpers. {@code BaseMKLDNNHelper} decides whether oneDNN is available
 * by loading {@code org.nd4j.nativeblas.Nd4jCpu$Environment} and calling {@code getInstance().isUseMKLDNN()}, a
 * class that ND4J renamed before M2 ({@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment}); without a
 * class of the old name the helpers never switch on, even with natives built with oneDNN. This class answers under
 * the old name, asking the natives whether they were built with oneDNN and use it (the new class alone says yes
 * for a build without oneDNN too). Nothing else uses it.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {}

    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {}

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether the loaded ND4J natives were built with oneDNN and use it. */
        public boolean isUseMKLDNN() {
            return dev.a3c.network.NativeKernels.oneDnn();
        }
    }
}
