package dev.a3c.wire;

import dev.a3c.learning.normalization.ObservationMoments;

/** Observation moments as the wire's {@link dev.a3c.proto.ObservationMoments}, for both sides. */
public final class MomentsMessages {

    private MomentsMessages() {}

    public static dev.a3c.proto.ObservationMoments encode(ObservationMoments moments) {
        dev.a3c.proto.ObservationMoments.Builder b = dev.a3c.proto.ObservationMoments.newBuilder()
                .setCount(moments.count());
        for (double v : moments.mean()) {
            b.addMean(v);
        }
        for (double v : moments.m2()) {
            b.addM2(v);
        }
        return b.build();
    }

    /** The numbers of a message, unchecked (a server checks what a worker reports before it builds moments of them). */
    public static double[] means(dev.a3c.proto.ObservationMoments message) {
        double[] values = new double[message.getMeanCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = message.getMean(i);
        }
        return values;
    }

    public static double[] m2(dev.a3c.proto.ObservationMoments message) {
        double[] values = new double[message.getM2Count()];
        for (int i = 0; i < values.length; i++) {
            values[i] = message.getM2(i);
        }
        return values;
    }

    /**
     * The moments a server sent.
     *
     * @throws IllegalArgumentException for moments no observations could have
     */
    public static ObservationMoments decode(dev.a3c.proto.ObservationMoments message) {
        return new ObservationMoments(message.getCount(), means(message), m2(message));
    }
}
