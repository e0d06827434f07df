package dev.a3c.network;

/** A part of the plain-Java network that holds parameters: a layer, or a torso of layers. */
interface Parameterized {

    /** Copies its weights from DL4J's flat parameters. */
    void load(float[] flat);

    void clearGradient();

    /** Writes its accumulated gradient into DL4J's flat gradient layout (the same as the parameters'). */
    void storeGradient(float[] flat);
}
