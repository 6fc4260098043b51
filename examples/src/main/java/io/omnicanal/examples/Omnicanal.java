package io.omnicanal.examples;

import io.omnicanal.examples.data.BadInputException;
import io.omnicanal.examples.data.DataGenerator;
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
        subcommands = {Omnicanal.Generate.class})
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
        CommandLine cli = new CommandLine(new Omnicanal());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            if (e instanceof BadInputException || e instanceof IllegalArgumentException) {
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
