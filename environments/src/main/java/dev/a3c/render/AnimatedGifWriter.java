package dev.a3c.render;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes an animated GIF frame by frame with the JDK's GIF writer: every frame shown for the same delay (GIF counts
 * in hundredths of a second; browsers show delays under 0.02 s slower, so shorter ones are raised to 0.02 s) and
 * the animation looping forever (the NETSCAPE2.0 application extension). Frames are written as they come, so a long
 * replay needs no more memory than two frames.
 *
 * <p>Frames in one indexed palette with a transparent entry ({@link GifPalette}) are written as differences: after
 * the first, each frame covers only the rectangle where pixels changed, with the unchanged ones inside it
 * transparent, drawn over the previous frame. A replay where little moves shrinks several times.
 */
public final class AnimatedGifWriter implements AutoCloseable {

    private static final String FORMAT = "javax_imageio_gif_image_1.0";

    private final OutputStream out;
    private final ImageOutputStream output;
    private final ImageWriter writer;
    private final int delayCentis;
    private int frames;
    private byte[] previous;
    private IndexColorModel previousModel;

    /** Starts a GIF on {@code out} (closed with the writer). */
    public AnimatedGifWriter(OutputStream out, Duration frameDelay) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JDK has no GIF writer");
        }
        this.writer = writers.next();
        this.out = out;
        this.delayCentis = (int) Math.max(2, Math.min(65_535, Math.round(frameDelay.toMillis() / 10.0)));
        ImageOutputStream stream = null;
        try {
            stream = ImageIO.createImageOutputStream(out);
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
        } catch (IOException | RuntimeException e) {
            writer.dispose();
            try (out; ImageOutputStream opened = stream) {
                throw e;
            }
        }
        this.output = stream;
    }

    /** The delay between frames as written, in hundredths of a second. */
    public int delayCentis() {
        return delayCentis;
    }

    /** Appends a frame; frames should share one size (the first frame's sets the GIF's). */
    public void write(BufferedImage frame) throws IOException {
        if (!(frame.getColorModel() instanceof IndexColorModel model) || frame.getType() != BufferedImage.TYPE_BYTE_INDEXED
                || model.getTransparentPixel() < 0) {
            writeFrame(frame, 0, 0, false);
            previous = null;
            return;
        }
        int width = frame.getWidth();
        int height = frame.getHeight();
        byte[] pixels = (byte[]) frame.getRaster().getDataElements(0, 0, width, height, null);
        if (previous == null || model != previousModel || previous.length != pixels.length) {
            writeFrame(frame, 0, 0, false);
        } else {
            writeDifference(pixels, width, height, model);
        }
        previous = pixels;
        previousModel = model;
    }

    /** The changed rectangle of an indexed frame, unchanged pixels transparent (a 1 x 1 transparent frame if none). */
    private void writeDifference(byte[] pixels, int width, int height, IndexColorModel model) throws IOException {
        int left = width;
        int right = -1;
        int top = height;
        int bottom = -1;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                if (pixels[row + x] != previous[row + x]) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        byte transparent = (byte) model.getTransparentPixel();
        if (right < 0) {
            left = 0;
            right = 0;
            top = 0;
            bottom = 0;
        }
        int w = right - left + 1;
        int h = bottom - top + 1;
        byte[] patch = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (top + y) * width + left + x;
                patch[y * w + x] = pixels[i] == previous[i] ? transparent : pixels[i];
            }
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, model);
        image.getRaster().setDataElements(0, 0, w, h, patch);
        writeFrame(image, left, top, true);
    }

    private void writeFrame(BufferedImage frame, int left, int top, boolean transparency) throws IOException {
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(frame), param);
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(FORMAT);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "doNotDispose");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", transparency ? "TRUE" : "FALSE");
        control.setAttribute("delayTime", Integer.toString(delayCentis));
        int transparentIndex = frame.getColorModel() instanceof IndexColorModel indexed
                ? Math.max(0, indexed.getTransparentPixel()) : 0;
        control.setAttribute("transparentColorIndex", Integer.toString(transparentIndex));
        IIOMetadataNode descriptor = child(root, "ImageDescriptor");
        descriptor.setAttribute("imageLeftPosition", Integer.toString(left));
        descriptor.setAttribute("imageTopPosition", Integer.toString(top));
        descriptor.setAttribute("interlaceFlag", "FALSE");
        if (frames == 0) {
            IIOMetadataNode extensions = child(root, "ApplicationExtensions");
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0 = forever
            extensions.appendChild(loop);
        }
        try {
            metadata.setFromTree(FORMAT, root);
        } catch (IIOInvalidTreeException e) {
            throw new IOException("cannot set GIF frame metadata", e);
        }
        writer.writeToSequence(new IIOImage(frame, null, metadata), param);
        frames++;
    }

    /** Frames written so far. */
    public int frames() {
        return frames;
    }

    /** Ends the GIF and closes the stream. */
    @Override
    public void close() throws IOException {
        try {
            if (frames > 0) {
                writer.endWriteSequence();
            }
        } finally {
            writer.dispose();
            try {
                output.close();
            } finally {
                out.close();
            }
        }
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
