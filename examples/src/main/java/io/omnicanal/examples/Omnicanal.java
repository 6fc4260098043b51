package io.omnicanal.examples;

import io.omnicanal.examples.data.BadInputException;
import io.omnicanal.examples.data.DataGenerator;
import io.omnicanal.examples.data.DataReader;
import io.omnicanal.examples.pipeline.Pipeline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code omnicanal} command line: the end-to-end pipeline and its tools.
 *
 * <p>Exit codes: {@value #OK} success, {@value #USAGE} a wrong command line, {@value #BAD_INPUT}
 * bad input data (missing file, malformed row when the run stops on errors, unknown identifier,
 * corrupt snapshot), {@value #INTERNAL} an internal failure (a bug: please report it).
 */
@Command(name = "omnicanal", mixinStandardHelpOptions = true, version = "omnicanal 0.1.0",
        description = "Cross-channel marketing data: identity, segments, journeys, attribution.",
        subcommands = {Omnicanal.Run.class, Omnicanal.Generate.class})
public final class Omnicanal implements Callable<Integer> {
    /** Success. */
    public static final int OK = 0;
    /** A wrong command line. */
    public static final int USAGE = 2;
    /** Bad input data. */
    public static final int BAD_INPUT = 3;
    /** An internal failure. */
    public static final int INTERNAL = 4;

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return OK;
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command line without exiting (for tests and embedding).
     *
     * @param args the command-line arguments
     * @return the exit code
     */
    public static int execute(String... args) {
        Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT);
        CommandLine cli = new CommandLine(new Omnicanal()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            if (e instanceof BadInputException) {
                err.println("omnicanal: bad input: " + e.getMessage());
                return BAD_INPUT;
            }
            err.println("omnicanal: internal error: " + e);
            e.printStackTrace(err);
            return INTERNAL;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("omnicanal: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return USAGE;
        });
        return cli.execute(args);
    }

    /** Progress bars on standard error for the pipeline's steps. */
    static Pipeline.Progress bars() {
        return (step, total) -> {
            Progress p = new Progress(System.err, step, total);
            return new Pipeline.Progress.Step() {
                @Override
                public void update(long done) {
                    p.update(done);
                }

                @Override
                public void close() {
                    p.close();
                }
            };
        };
    }

    /** {@code omnicanal run}: the whole pipeline on a data folder, by default the bundled data. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run the whole pipeline (identity, segments, journeys, attribution) and write the report.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--data", description = "Data folder (default: the bundled data set, generated into"
                + " OUT/data on first use: 3,000 people, seed 42).")
        Path data;

        @Option(names = "--out", defaultValue = "omnicanal-out", description = "Output folder (default ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--on-error", defaultValue = "skip", description = "Malformed rows: ${COMPLETION-CANDIDATES}"
                + " (skip writes them to rejects.csv; default ${DEFAULT-VALUE}).")
        DataReader.OnError onError;

        @Override
        public Integer call() {
            Path dir = data;
            if (dir == null) {
                dir = bundledData(out);
            }
            Pipeline.Result r = Pipeline.run(new Pipeline.Options(dir, out, onError), bars());
            Summary.print(System.out, r, out);
            return OK;
        }
    }

    /** The bundled data set in {@code out/data}, generated on first use (deterministic). */
    static Path bundledData(Path out) {
        Path dir = out.resolve("data");
        if (!java.nio.file.Files.exists(dir.resolve("truth.json"))) {
            DataGenerator.Config config = DataGenerator.Config.defaults();
            try (Progress p = new Progress(System.err, "generate bundled data", config.months() + 1L)) {
                new DataGenerator(config).writeTo(dir, p::update);
            }
        }
        return dir;
    }

    /** {@code omnicanal generate}: writes a simulated data set of a given size and seed. */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write a simulated data set (with the true person on every row) to a folder.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--people", defaultValue = "3000", description = "Number of people (default ${DEFAULT-VALUE}).")
        int people;

        @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--months", defaultValue = "12", description = "Months simulated from 2025-01 (default ${DEFAULT-VALUE}).")
        int months;

        @Option(names = "--out", required = true, description = "The data folder to write.")
        Path out;

        @Override
        public Integer call() {
            DataGenerator.Config config = new DataGenerator.Config(people, seed, LocalDate.of(2025, 1, 1), months);
            DataGenerator.Summary summary;
            try (Progress p = new Progress(System.err, "generate", months + 1L)) {
                summary = new DataGenerator(config).writeTo(out, p::update);
            }
            System.out.printf(Locale.ROOT, "wrote %d people in %d households to %s%n", summary.people(),
                    summary.households(), out);
            for (Map.Entry<String, Long> e : summary.rowsPerFile().entrySet()) {
                System.out.printf(Locale.ROOT, "  %-18s %,12d rows%n", e.getKey(), e.getValue());
            }
            return OK;
        }
    }
}
