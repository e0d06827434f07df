package dev.a3c.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/**
 * An RGB image with a world coordinate system: origin at the bottom left of the visible region, y up, a fixed
 * number of pixels per world unit. The renderers draw in their environment's own units.
 */
final class Canvas {

    private final BufferedImage image;
    private final Graphics2D g;

    /**
     * @param width image width in pixels
     * @param height image height in pixels
     * @param left the world x at the image's left edge
     * @param bottom the world y at the image's bottom edge
     * @param scale pixels per world unit
     * @param background the fill colour
     */
    Canvas(int width, int height, double left, double bottom, double scale, Color background) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.translate(0, height);
        g.scale(scale, -scale);
        g.translate(-left, -bottom);
    }

    void fill(Shape shape, Color color) {
        g.setColor(color);
        g.fill(shape);
    }

    void line(double x1, double y1, double x2, double y2, double width, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    void outline(Shape shape, double width, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(shape);
    }

    void disc(double x, double y, double radius, Color color) {
        fill(new Ellipse2D.Double(x - radius, y - radius, 2 * radius, 2 * radius), color);
    }

    /** The image; the canvas must not be drawn on afterwards. */
    BufferedImage finish() {
        g.dispose();
        return image;
    }

    /** A closed polygon through the given points. */
    static Path2D polygon(double[] x, double[] y) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(x[0], y[0]);
        for (int i = 1; i < x.length; i++) {
            path.lineTo(x[i], y[i]);
        }
        path.closePath();
        return path;
    }

    /** A rectangle of the given size centred on (cx, cy), turned by {@code angle} radians counter-clockwise. */
    static Path2D box(double cx, double cy, double width, double height, double angle) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double[] lx = {-width / 2, width / 2, width / 2, -width / 2};
        double[] ly = {-height / 2, -height / 2, height / 2, height / 2};
        double[] x = new double[4];
        double[] y = new double[4];
        for (int i = 0; i < 4; i++) {
            x[i] = cx + c * lx[i] - s * ly[i];
            y[i] = cy + s * lx[i] + c * ly[i];
        }
        return polygon(x, y);
    }
}
