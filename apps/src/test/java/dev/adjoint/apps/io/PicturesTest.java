package dev.adjoint.apps.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.api.Tensor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Colormaps, field images, GIF animations and line plots, read back with ImageIO. */
class PicturesTest {
    @TempDir
    Path dir;

    @Test
    void sequentialMapGetsMonotonicallyLighter() {
        double previous = -1;
        for (int i = 0; i <= 50; i++) {
            double luma = luma(Colormap.SEQUENTIAL.rgb(i / 50.0));
            assertThat(luma).as("luma at %d/50", i).isGreaterThan(previous);
            previous = luma;
        }
        assertThat(luma(Colormap.SEQUENTIAL.rgb(0))).isLessThan(60);
        assertThat(luma(Colormap.SEQUENTIAL.rgb(1))).isGreaterThan(200);
    }

    @Test
    void divergingMapIsLightestAtZeroAndDarkerBothWays() {
        double middle = luma(Colormap.DIVERGING.rgb(0.5));
        assertThat(middle).isGreaterThan(240);
        assertThat(luma(Colormap.DIVERGING.rgb(0))).isLessThan(middle - 80);
        assertThat(luma(Colormap.DIVERGING.rgb(1))).isLessThan(middle - 80);
        int blue = Colormap.DIVERGING.rgb(0);
        int red = Colormap.DIVERGING.rgb(1);
        assertThat(blue & 0xff).isGreaterThan(blue >> 16 & 0xff);
        assertThat(red >> 16 & 0xff).isGreaterThan(red & 0xff);
    }

    @Test
    void fieldImageHasRowZeroAtTheBottomAndScalesCells() throws Exception {
        Tensor field = Tensor.of(new double[] {0, 0, 0, 1, 1, 1}, 2, 3);
        BufferedImage image = FieldImage.render(field, Colormap.SEQUENTIAL, 4);
        assertThat(image.getWidth()).isEqualTo(12);
        assertThat(image.getHeight()).isEqualTo(8);
        assertThat(image.getRGB(0, 0) & 0xffffff).isEqualTo(Colormap.SEQUENTIAL.rgb(1));
        assertThat(image.getRGB(11, 7) & 0xffffff).isEqualTo(Colormap.SEQUENTIAL.rgb(0));
        Path png = FieldImage.writePng(image, dir.resolve("f.png"));
        BufferedImage back = ImageIO.read(png.toFile());
        assertThat(back.getRGB(5, 1)).isEqualTo(image.getRGB(5, 1));
        assertThatThrownBy(() -> FieldImage.render(Tensor.zeros(3), Colormap.SEQUENTIAL, 1))
                .hasMessageContaining("[ny, nx]").hasMessageContaining("(3,)");
    }

    @Test
    void gifHoldsEveryFrameAndNothingIsLeftBehind() throws Exception {
        GifAnimation gif = new GifAnimation(50);
        for (int k = 0; k < 3; k++) {
            gif.add(FieldImage.render(Tensor.full(k, 4, 5), 0, 2, Colormap.SEQUENTIAL, 2));
        }
        Path file = gif.write(dir.resolve("a.gif"));
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = readers.next();
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(3);
            assertThat(reader.read(2).getWidth()).isEqualTo(10);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.gif");
        }
        assertThatThrownBy(() -> gif.add(new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB)))
                .hasMessageContaining("3x3").hasMessageContaining("10x8");
    }

    @Test
    void linePlotWritesAPng() throws Exception {
        Path png = new LinePlot("t", "x", "y", 300, 200).line("a", new double[] {0, 1, 2}, new double[] {1, 0, 1})
                .points("b", new double[] {0.5}, new double[] {0.5}).writePng(dir.resolve("p.png"));
        BufferedImage back = ImageIO.read(png.toFile());
        assertThat(back.getWidth()).isEqualTo(300);
        assertThat(back.getHeight()).isEqualTo(200);
        assertThatThrownBy(() -> new LinePlot("t", "x", "y", 10, 10).line("c", new double[2], new double[3]))
                .hasMessageContaining("'c'").hasMessageContaining("2 x values but 3");
    }

    private static double luma(int rgb) {
        return 0.2126 * (rgb >> 16 & 0xff) + 0.7152 * (rgb >> 8 & 0xff) + 0.0722 * (rgb & 0xff);
    }
}
