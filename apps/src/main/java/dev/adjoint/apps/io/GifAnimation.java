package dev.adjoint.apps.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** An animated GIF that loops forever, built from frames of one size with the JDK's own GIF writer. */
public final class GifAnimation {
    private static final String FORMAT = "javax_imageio_gif_image_1.0";
    private final List<BufferedImage> frames = new ArrayList<>();
    private final int delayCentiseconds;

    /** An empty animation showing each frame for {@code delayMillis} (rounded to GIF's 10 ms steps). */
    public GifAnimation(int delayMillis) {
        if (delayMillis < 10) {
            throw new IllegalArgumentException("a GIF frame lasts at least 10 ms, got " + delayMillis);
        }
        this.delayCentiseconds = Math.round(delayMillis / 10f);
    }

    /** Appends a frame; every frame must have the size of the first. */
    public void add(BufferedImage frame) {
        if (!frames.isEmpty() && (frame.getWidth() != frames.getFirst().getWidth()
                || frame.getHeight() != frames.getFirst().getHeight())) {
            throw new IllegalArgumentException("GIF frame " + frames.size() + " is " + frame.getWidth() + "x"
                    + frame.getHeight() + " but the first frame is " + frames.getFirst().getWidth() + "x"
                    + frames.getFirst().getHeight());
        }
        frames.add(frame);
    }

    /** The number of frames added so far. */
    public int size() {
        return frames.size();
    }

    /** Writes the animation to {@code target} (atomically). */
    public Path write(Path target) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalStateException("cannot write " + target + ": the animation has no frames");
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try {
            return AtomicFiles.write(target, out -> {
                try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
                    writer.setOutput(stream);
                    writer.prepareWriteSequence(null);
                    for (int i = 0; i < frames.size(); i++) {
                        BufferedImage frame = frames.get(i);
                        IIOMetadata meta = writer.getDefaultImageMetadata(
                                ImageTypeSpecifier.createFromRenderedImage(frame), writer.getDefaultWriteParam());
                        configure(meta, i == 0);
                        writer.writeToSequence(new IIOImage(frame, null, meta), null);
                    }
                    writer.endWriteSequence();
                }
            });
        } finally {
            writer.dispose();
        }
    }

    private void configure(IIOMetadata meta, boolean first) throws IOException {
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delayCentiseconds));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0, i.e. forever
            child(root, "ApplicationExtensions").appendChild(app);
        }
        meta.setFromTree(FORMAT, root);
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
