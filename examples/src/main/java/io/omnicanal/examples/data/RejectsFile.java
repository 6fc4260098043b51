package io.omnicanal.examples.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The rejects file: one CSV line per refused row or value, with file, line, field, value, reason
 * and the raw row. Created on the first write.
 */
final class RejectsFile implements AutoCloseable {
    private final Path path;
    private BufferedWriter out;
    private long refusedValues;

    RejectsFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    long refusedValues() {
        return refusedValues;
    }

    void write(RowException e, List<String> raw) {
        try {
            if (out == null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
                out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
                out.write("file,line,field,value,reason,row\n");
            }
            if (raw.isEmpty()) {
                refusedValues++;
            }
            out.write(Csv.line(List.of(e.file(), Long.toString(e.line()), e.field(), e.value(), e.reason(),
                    String.join("|", raw))));
        } catch (IOException x) {
            throw new UncheckedIOException("cannot write rejects file " + path, x);
        }
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException x) {
                throw new UncheckedIOException("cannot close rejects file " + path, x);
            }
        }
    }
}
