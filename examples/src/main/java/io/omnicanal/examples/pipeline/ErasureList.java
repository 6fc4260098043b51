package io.omnicanal.examples.pipeline;

import io.omnicanal.examples.data.BadInputException;
import io.omnicanal.identity.Identifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The GDPR erasures of an output folder: salted SHA-256 tombstones of every normalised identifier
 * of each erased profile, so that a rerun on the same raw data refuses the erased person's rows
 * without keeping anything readable about them. The salt is random per folder.
 *
 * <p>File format ({@code erasures.txt}, UTF-8): a first line {@code omnicanal-erasures 1 <salt hex>}
 * then one tombstone (64 hex digits) per line, sorted. Written atomically (temp file, rename).
 * A file that does not start with that line, or holds anything but tombstones, fails with a
 * {@link BadInputException} naming the line.
 */
final class ErasureList {
    private static final String MAGIC = "omnicanal-erasures 1 ";

    private final byte[] salt;
    private final Set<String> tombstones = new TreeSet<>();

    private ErasureList(byte[] salt) {
        this.salt = salt;
    }

    /** An empty list with a fresh random salt. */
    static ErasureList empty() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return new ErasureList(salt);
    }

    /**
     * Loads a list, or returns an empty one if the file does not exist.
     *
     * @throws BadInputException if the file is not an erasure list
     */
    static ErasureList load(Path file) {
        if (!Files.exists(file)) {
            return empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read erasure list: " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).startsWith(MAGIC)) {
            throw new BadInputException(file + ":1: not an omnicanal erasure list");
        }
        byte[] salt;
        try {
            salt = HexFormat.of().parseHex(lines.get(0).substring(MAGIC.length()).strip());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ":1: malformed salt");
        }
        ErasureList list = new ErasureList(salt);
        for (int i = 1; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (!t.matches("[0-9a-f]{64}")) {
                throw new BadInputException(file + ":" + (i + 1) + ": not a tombstone");
            }
            list.tombstones.add(t);
        }
        return list;
    }

    /** Whether a normalised identifier was erased. */
    boolean contains(Identifier normalized) {
        return !tombstones.isEmpty() && tombstones.contains(tombstone(normalized));
    }

    /** Adds the tombstones of normalised identifiers. */
    void addAll(List<Identifier> normalized) {
        for (Identifier id : normalized) {
            tombstones.add(tombstone(id));
        }
    }

    /** Number of tombstones. */
    int size() {
        return tombstones.size();
    }

    /** Writes the list atomically. */
    void save(Path file) {
        List<String> lines = new ArrayList<>();
        lines.add(MAGIC + HexFormat.of().formatHex(salt));
        lines.addAll(tombstones);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFile.write(file, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write erasure list " + file, e);
        }
    }

    private String tombstone(Identifier id) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            md.update(id.type().name().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(id.value().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
