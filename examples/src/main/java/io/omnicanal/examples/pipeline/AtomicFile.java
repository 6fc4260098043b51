package io.omnicanal.examples.pipeline;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a text file atomically: a temp file beside it, then a rename over the old one. */
final class AtomicFile {
    private AtomicFile() {}

    /** Writes a file's content. */
    interface Body {
        /** Writes the content to {@code w}. */
        void writeTo(Writer w) throws IOException;
    }

    /**
     * Writes {@code text} in UTF-8 to {@code file}; a reader sees the old or the new file, never half.
     *
     * @throws IOException if the file cannot be written
     */
    static void write(Path file, String text) throws IOException {
        write(file, w -> w.write(text));
    }

    /**
     * Writes what {@code body} produces, in UTF-8, to {@code file}, streaming (the content is never
     * held whole); a reader sees the old or the new file, never half.
     *
     * @throws IOException if the file cannot be written
     */
    static void write(Path file, Body body) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            body.writeTo(w);
        }
        replace(tmp, file);
    }

    /**
     * Renames {@code from} over {@code to}, atomically where the file system can (a reader sees the old
     * or the new file), else as a plain replacing move.
     *
     * @throws IOException if the file cannot be moved
     */
    static void replace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
