package dev.adjoint.apps.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line plot written as PNG (with XChart): curves and marker-only point series (e.g. published reference
 * points), optional logarithmic axes.
 */
public final class LinePlot {
    private final XYChart chart;

    /** An empty plot of {@code width x height} pixels with a title and axis labels. */
    public LinePlot(String title, String xLabel, String yLabel, int width, int height) {
        chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    }

    /** Adds a curve through the points {@code (x[i], y[i])}. */
    public LinePlot line(String name, double[] x, double[] y) {
        check(name, x, y);
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        return this;
    }

    /** Adds points drawn as markers without a connecting line. */
    public LinePlot points(String name, double[] x, double[] y) {
        check(name, x, y);
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        return this;
    }

    /** Uses logarithmic axes. */
    public LinePlot logarithmic(boolean xLog, boolean yLog) {
        chart.getStyler().setXAxisLogarithmic(xLog);
        chart.getStyler().setYAxisLogarithmic(yLog);
        return this;
    }

    /** The plot as an image. */
    public BufferedImage image() {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Writes the plot as a PNG to {@code target} (atomically). */
    public Path writePng(Path target) throws IOException {
        return FieldImage.writePng(image(), target);
    }

    private static void check(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x values but "
                    + y.length + " y values");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("series '" + name + "' has no points");
        }
    }
}
