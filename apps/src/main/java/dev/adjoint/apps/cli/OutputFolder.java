package dev.adjoint.apps.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder a command writes into: {@code --out} resolved against the folder {@code ./adjoint} was started from,
 * created and checked for writing before any work starts, so that a bad {@code --out} fails at once with a clear
 * message instead of after a long run. It remembers the folders it created, so that a command that fails before
 * writing anything can take them back ({@link #removeIfUnused}).
 *
 * @param path the folder, absolute
 * @param firstCreated the outermost folder {@link #prepare} created, or null when {@code path} already existed
 */
public record OutputFolder(Path path, Path firstCreated) {
    /** The system property the launcher sets to the folder it was started from. */
    public static final String WORKDIR_PROPERTY = "adjoint.workdir";

    /** The folder {@code ./adjoint} was started from ({@code user.dir} when run without the launcher). */
    public static Path workingDirectory() {
        return Path.of(System.getProperty(WORKDIR_PROPERTY, System.getProperty("user.dir")));
    }

    /**
     * {@code option} (or {@code fallback} when it is null) resolved against {@link #workingDirectory()}, created
     * with its parents and probed with a temporary file.
     *
     * @throws IllegalArgumentException naming the folder and why it cannot be written, when that is so
     */
    public static OutputFolder prepare(String option, String fallback) {
        Path folder = workingDirectory().resolve(option != null ? option : fallback).toAbsolutePath().normalize();
        Path firstCreated = null;
        for (Path p = folder; p != null && !Files.exists(p); p = p.getParent()) {
            firstCreated = p;
        }
        try {
            Files.createDirectories(folder);
            Files.deleteIfExists(Files.createTempFile(folder, ".adjoint-probe", ".tmp"));
        } catch (FileAlreadyExistsException e) {
            throw unusable(folder, e.getFile() + " exists and is not a folder");
        } catch (AccessDeniedException e) {
            throw unusable(folder, "no permission to write " + e.getFile());
        } catch (FileSystemException e) {
            throw unusable(folder, e.getFile() + ": " + (e.getReason() != null ? e.getReason()
                    : e.getClass().getSimpleName()));
        } catch (IOException | SecurityException e) {
            throw unusable(folder, e.toString());
        }
        return new OutputFolder(folder, firstCreated);
    }

    /**
     * Deletes the folders {@link #prepare} created, from {@link #path} outwards, as long as each is empty: after a
     * command failed on bad input, no empty output folder is left behind. Folders that existed before stay.
     */
    public void removeIfUnused() {
        if (firstCreated == null) {
            return;
        }
        for (Path p = path; p != null && p.startsWith(firstCreated); p = p.getParent()) {
            try {
                Files.delete(p);
            } catch (IOException e) {
                return; // not empty (or already gone): keep it and everything above it
            }
        }
    }

    private static IllegalArgumentException unusable(Path folder, String why) {
        return new IllegalArgumentException("cannot write to the output folder " + folder + " (" + why
                + "); --out expects a folder that can be created and written");
    }
}
