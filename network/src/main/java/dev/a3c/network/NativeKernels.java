package dev.a3c.network;

import java.util.Locale;

/**
 * Which native kernels ND4J runs the networks with. The project ships ND4J's natives built with oneDNN
 * ({@code nd4j-native}, classifier {@code linux-x86_64-onednn}): oneDNN picks its convolution kernels for the
 * processor it finds at run time (AVX-512, AVX2, SSE4.1), so the same build is fast on new processors and correct on
 * old ones. {@link #select()} makes JavaCPP load that build and must run before anything touches ND4J; DL4J's oneDNN
 * layer helpers are switched on for every network built after {@link #enableLayerHelpers()} (a3c's entry points
 * call both; the {@code Nd4jCpu} bridge in {@code org.nd4j.nativeblas} lets DL4J see that oneDNN is there).
 *
 * <p>A user who sets the properties themselves keeps their choice: {@code -Dorg.bytedeco.javacpp.platform.extension=}
 * (empty) loads the plain build if it is on the class path, {@code -Dorg.eclipse.deeplearning4j.helpers.disable=true}
 * keeps DL4J's own convolution.
 */
public final class NativeKernels {

    /** JavaCPP's property: the suffix of the native build to load after the platform name. */
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** The native build this project ships. */
    public static final String EXTENSION = "-onednn";
    /** DL4J's switch for its platform helpers (the oneDNN convolution), off unless set to false. */
    public static final String HELPERS_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private NativeKernels() {}

    /** Chooses the oneDNN build of ND4J's natives, unless the extension was set already. Before ND4J loads. */
    public static void select() {
        if (System.getProperty(EXTENSION_PROPERTY) == null) {
            System.setProperty(EXTENSION_PROPERTY, EXTENSION);
        }
    }

    /**
     * Loads ND4J and its natives on a daemon thread of its own, now: a worker starts this before it registers, so
     * that the second or so the load takes (JavaCPP, OpenBLAS, the backend's classes) passes while it waits for the
     * server instead of after. {@link #select()} must have run. A failure is left for the first real use to report.
     */
    public static Thread loadInBackground() {
        Thread thread = new Thread(() -> {
            try {
                org.nd4j.linalg.factory.Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1);
            } catch (RuntimeException | LinkageError e) {
                // the thread that needs ND4J meets the same failure and reports it
            }
        }, "nd4j-load");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Lets DL4J create its oneDNN helpers for the layers of networks built from now on, unless the user said no. */
    public static void enableLayerHelpers() {
        if (System.getProperty(HELPERS_PROPERTY) == null) {
            System.setProperty(HELPERS_PROPERTY, "false");
        }
    }

    /**
     * Whether the loaded natives were built with oneDNN and use it (loads ND4J). The build says so in its build
     * information; the environment's switch alone is on in a build without oneDNN as well.
     */
    public static boolean oneDnn() {
        try {
            org.nd4j.linalg.factory.Nd4j.getExecutioner();
            return org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN")
                    && org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Whether networks built now get DL4J's oneDNN helpers. */
    public static boolean layerHelpers() {
        return !Boolean.parseBoolean(System.getProperty(HELPERS_PROPERTY, "true")) && oneDnn();
    }

    /** One line for logs: the natives' build, the layer helpers, OpenBLAS's core type (loads ND4J). */
    public static String describe() {
        String core = System.getenv("OPENBLAS_CORETYPE");
        return String.format(Locale.ROOT, "ND4J natives for %s %s, oneDNN convolution %s, OpenBLAS core %s",
                org.bytedeco.javacpp.Loader.getPlatform(), oneDnn() ? "with oneDNN" : "without oneDNN",
                layerHelpers() ? "on" : "off", core == null ? "chosen by OpenBLAS" : core);
    }
}
