package dev.adjoint.apps.io;

/**
 * A perceptually ordered colormap: lightness rises linearly in CIELAB from dark to light while the hue turns
 * from blue through teal and green to yellow, so equal steps in value look like equal steps in colour and the
 * map reads correctly in grey scale. {@link #DIVERGING} runs blue - white - red for signed fields.
 */
public final class Colormap {
    /** The sequential map, for magnitudes and densities. */
    public static final Colormap SEQUENTIAL = new Colormap(sequential());
    /** The diverging map, for signed fields centred at zero (vorticity, velocity components). */
    public static final Colormap DIVERGING = new Colormap(diverging());

    private static final int ENTRIES = 256;
    private final int[] rgb;

    private Colormap(int[] rgb) {
        this.rgb = rgb;
    }

    /** The packed {@code 0xRRGGBB} colour of {@code t} in {@code [0, 1]} (clamped; NaN gives black). */
    public int rgb(double t) {
        if (Double.isNaN(t)) {
            return 0;
        }
        int i = (int) Math.round(Math.max(0, Math.min(1, t)) * (ENTRIES - 1));
        return rgb[i];
    }

    private static int[] sequential() {
        int[] out = new int[ENTRIES];
        for (int i = 0; i < ENTRIES; i++) {
            double t = i / (double) (ENTRIES - 1);
            double lightness = 15 + 80 * t;
            double hue = Math.toRadians(290 - 200 * t);
            double chroma = 40 + 30 * Math.sin(Math.PI * t) + 20 * t;
            out[i] = labToRgb(lightness, chroma * Math.cos(hue), chroma * Math.sin(hue));
        }
        return out;
    }

    private static int[] diverging() {
        int[] out = new int[ENTRIES];
        for (int i = 0; i < ENTRIES; i++) {
            double s = 2 * i / (double) (ENTRIES - 1) - 1;
            double lightness = 97 - 55 * Math.abs(s);
            double hue = Math.toRadians(s < 0 ? 285 : 40);
            double chroma = 65 * Math.abs(s);
            out[i] = labToRgb(lightness, chroma * Math.cos(hue), chroma * Math.sin(hue));
        }
        return out;
    }

    /** CIELAB (D65) to packed, gamma-encoded sRGB, clipping colours outside the gamut. */
    static int labToRgb(double l, double a, double b) {
        double fy = (l + 16) / 116;
        double fx = fy + a / 500;
        double fz = fy - b / 200;
        double x = 0.95047 * inverseF(fx);
        double y = inverseF(fy);
        double z = 1.08883 * inverseF(fz);
        double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        return channel(r) << 16 | channel(g) << 8 | channel(bl);
    }

    private static double inverseF(double t) {
        double cube = t * t * t;
        return cube > 216.0 / 24389 ? cube : (116 * t - 16) * 27 / 24389;
    }

    private static int channel(double linear) {
        double c = Math.max(0, Math.min(1, linear));
        double encoded = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
        return (int) Math.round(encoded * 255);
    }
}
