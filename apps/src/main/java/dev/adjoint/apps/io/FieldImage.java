package dev.adjoint.apps.io;

import dev.adjoint.api.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Pictures of 2D scalar fields: a {@code [ny, nx]} tensor (row 0 at the bottom, as in a physical y axis) mapped
 * through a {@link Colormap} between given limits, each cell drawn as a square of {@code scale} pixels.
 */
public final class FieldImage {
    private FieldImage() {
    }

    /** The image of {@code field} with values {@code lo .. hi} spread over the colormap. */
    public static BufferedImage render(Tensor field, double lo, double hi, Colormap map, int scale) {
        if (field.rank() != 2) {
            throw new IllegalArgumentException("a field image needs a [ny, nx] tensor, got shape " + field.shape());
        }
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1 pixel per cell, got " + scale);
        }
        int ny = field.shape().dim(0);
        int nx = field.shape().dim(1);
        double[] v = field.toDoubleArray();
        double span = hi > lo ? hi - lo : 1;
        BufferedImage image = new BufferedImage(nx * scale, ny * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                int rgb = map.rgb((v[y * nx + x] - lo) / span);
                int top = (ny - 1 - y) * scale;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        image.setRGB(x * scale + dx, top + dy, rgb);
                    }
                }
            }
        }
        return image;
    }

    /** {@link #render} with the field's own minimum and maximum as limits. */
    public static BufferedImage render(Tensor field, Colormap map, int scale) {
        double[] v = field.toDoubleArray();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (Double.isFinite(x)) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        return lo > hi ? render(field, 0, 1, map, scale) : render(field, lo, hi, map, scale);
    }

    /** Writes {@code image} as a PNG to {@code target} (atomically). */
    public static Path writePng(BufferedImage image, Path target) throws IOException {
        return AtomicFiles.write(target, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this JDK");
            }
        });
    }
}
