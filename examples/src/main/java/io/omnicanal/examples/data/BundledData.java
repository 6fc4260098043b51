package io.omnicanal.examples.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * The bundled data set: {@link DataGenerator.Config#defaults()} (3,000 people over 2025, seed 42),
 * written by the build into {@code examples/target/bundled-data}, beside the command's jar, so
 * that the first command of the README runs on data that is already there.
 *
 * <p>The build runs {@link #main} (exec-maven-plugin, phase {@code process-classes}); the command
 * finds the folder with {@link #besideCode()}. The generator is deterministic, so a copy made on
 * another machine or on first use elsewhere holds the same bytes.
 */
public final class BundledData {
    /** The folder's name, beside the jar (or beside {@code target/classes}). */
    public static final String FOLDER = "bundled-data";

    private BundledData() {}

    /**
     * Writes the bundled data set.
     *
     * @param args one argument: the folder to write
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("expected one argument, the folder to write; got " + args.length);
        }
        Path dir = Path.of(args[0]);
        try {
            // truth.json is written last: without it, an interrupted build's folder is not taken as whole.
            Files.deleteIfExists(dir.resolve("truth.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the bundled data in " + dir, e);
        }
        new DataGenerator(DataGenerator.Config.defaults()).writeTo(dir, done -> { });
    }

    /**
     * The bundled data folder the build wrote beside this code (the jar's folder, or the parent of
     * {@code target/classes}), or null if there is none (the code was copied elsewhere).
     */
    public static Path besideCode() {
        CodeSource src = BundledData.class.getProtectionDomain().getCodeSource();
        if (src == null || src.getLocation() == null) {
            return null;
        }
        try {
            Path code = Path.of(src.getLocation().toURI());
            Path dir = code.getParent() == null ? null : code.getParent().resolve(FOLDER);
            return dir != null && Files.isRegularFile(dir.resolve("truth.json")) ? dir : null;
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null; // not a file location: no bundled folder beside it
        }
    }
}
