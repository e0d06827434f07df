package dev.a3c.render;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.Node;

/**
 * A GIF decoded with the JDK's reader and composed as a viewer shows it (each frame drawn at its position over the
 * previous picture, transparent pixels letting it through): the pictures, each frame's delay, whether it loops, and
 * the frames' own sizes.
 */
record GifFrames(List<BufferedImage> frames, List<Integer> delaysCentis, boolean loopsForever, List<int[]> patchSizes) {

    static GifFrames read(Path file) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in);
            int n = reader.getNumImages(true);
            List<BufferedImage> frames = new ArrayList<>();
            List<Integer> delays = new ArrayList<>();
            List<int[]> sizes = new ArrayList<>();
            boolean loops = false;
            BufferedImage picture = null;
            for (int i = 0; i < n; i++) {
                BufferedImage patch = reader.read(i);
                sizes.add(new int[] {patch.getWidth(), patch.getHeight()});
                IIOMetadata metadata = reader.getImageMetadata(i);
                IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree("javax_imageio_gif_image_1.0");
                int left = 0;
                int top = 0;
                for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
                    if (node.getNodeName().equals("ImageDescriptor")) {
                        left = Integer.parseInt(((IIOMetadataNode) node).getAttribute("imageLeftPosition"));
                        top = Integer.parseInt(((IIOMetadataNode) node).getAttribute("imageTopPosition"));
                    }
                    if (node.getNodeName().equals("GraphicControlExtension")) {
                        delays.add(Integer.parseInt(((IIOMetadataNode) node).getAttribute("delayTime")));
                    }
                    if (node.getNodeName().equals("ApplicationExtensions")) {
                        IIOMetadataNode app = (IIOMetadataNode) node.getFirstChild();
                        byte[] data = (byte[]) app.getUserObject();
                        loops |= app.getAttribute("applicationID").equals("NETSCAPE") && data.length == 3
                                && data[0] == 1 && data[1] == 0 && data[2] == 0;
                    }
                }
                BufferedImage next = new BufferedImage(i == 0 ? patch.getWidth() : picture.getWidth(),
                        i == 0 ? patch.getHeight() : picture.getHeight(), BufferedImage.TYPE_INT_RGB);
                Graphics2D g = next.createGraphics();
                if (picture != null) {
                    g.drawImage(picture, 0, 0, null);
                }
                g.drawImage(patch, left, top, null);
                g.dispose();
                frames.add(next);
                picture = next;
            }
            return new GifFrames(frames, delays, loops, sizes);
        } finally {
            reader.dispose();
        }
    }
}
