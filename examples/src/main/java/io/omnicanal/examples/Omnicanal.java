package io.omnicanal.examples;

import io.omnicanal.examples.data.BadInputException;
import io.omnicanal.examples.data.BundledData;
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
import picocli.CommandLine.Parameters;

/**
 * The {@code omnicanal} command line: the end-to-end pipeline and its tools.
 *
 * <p>Exit codes: {@value #OK} success, {@value #USAGE} a wrong command line, {@value #BAD_INPUT}
 * bad input data (missing file, malformed row when the run stops on errors, unknown identifier,
 * corrupt snapshot), {@value #INTERNAL} an internal failure (a bug: please report it).
 */
@Command(name = "omnicanal", mixinStandardHelpOptions = true, version = "omnicanal 0.1.0",
        description = "Cross-channel marketing data: identity, segments, journeys, attribution.",
        subcommands = {Omnicanal.Run.class, Omnicanal.Generate.class, Omnicanal.Explain.class, Omnicanal.Erase.class,
            Omnicanal.Attribute.class, Omnicanal.Segment.class})
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
        CommandLine cli = new CommandLine(new Omnicanal()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            if (e instanceof BadInputException || e instanceof io.omnicanal.identity.InvalidIdentifierException) {
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
        return new Pipeline.Progress() {
            @Override
            public Step start(String step, long total) {
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
            }

            @Override
            public void stage(String name) {
                HeapWatch.stage(name);
            }
        };
    }

    /** {@code omnicanal run}: the whole pipeline on a data folder, by default the bundled data. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run the whole pipeline (identity, segments, journeys, attribution) and write the report.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--data", description = "Data folder (default: the bundled data set, 3,000 people, seed 42,"
                + " that the build wrote beside the jar; generated into OUT/data if the jar was moved).")
        Path data;

        @Option(names = "--out", defaultValue = "omnicanal-out", description = "Output folder (default ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--on-error", defaultValue = "skip", description = "Malformed rows: ${COMPLETION-CANDIDATES}"
                + " (skip writes them to rejects.csv; default ${DEFAULT-VALUE}).")
        DataReader.OnError onError;

        @Override
        public Integer call() {
            HeapWatch.start();
            Path dir = data;
            if (dir == null) {
                dir = bundledData(out);
            }
            Pipeline.Result r = Pipeline.run(new Pipeline.Options(dir, out, onError), bars());
            Summary.print(System.out, r, out);
            return OK;
        }
    }

    /**
     * The bundled data set: the folder the build wrote beside the jar, or, if the jar was moved
     * away from it, the same data generated into {@code out/data} on first use (deterministic).
     */
    static Path bundledData(Path out) {
        Path built = BundledData.besideCode();
        if (built != null) {
            return built;
        }
        Path dir = out.resolve("data");
        if (!java.nio.file.Files.exists(dir.resolve("truth.json"))) {
            DataGenerator.Config config = DataGenerator.Config.defaults();
            try (Progress p = new Progress(System.err, "generate bundled data", config.months() + 1L)) {
                new DataGenerator(config).writeTo(dir, p::update);
            }
        }
        return dir;
    }

    /** {@code omnicanal explain}: why two identifiers are one profile. */
    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Show the chain of links (time, source row) that joined two identifiers in the last run.")
    static final class Explain implements Callable<Integer> {
        @Option(names = "--out", defaultValue = "omnicanal-out", description = "Output folder of the run (default ${DEFAULT-VALUE}).")
        Path out;

        @Parameters(index = "0", description = "First identifier, type:value (e.g. email:ann@example.com).")
        String first;

        @Parameters(index = "1", description = "Second identifier, type:value (e.g. cookie:0b1f...).")
        String second;

        @Override
        public Integer call() {
            Tools.explain(out, first, second).forEach(System.out::println);
            return OK;
        }
    }

    /** {@code omnicanal erase}: GDPR erasure of a person by any identifier, then the rerun. */
    @Command(name = "erase", mixinStandardHelpOptions = true,
            description = "Erase the person holding an identifier (every identifier of their profile), then rerun"
                    + " the pipeline so that no output or snapshot keeps a trace of them.")
    static final class Erase implements Callable<Integer> {
        @Option(names = "--out", defaultValue = "omnicanal-out", description = "Output folder of the run (default ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--data", description = "Data folder of the run (default: the one the last run in OUT read;"
                + " a different folder is refused).")
        Path data;

        @Parameters(index = "0", description = "Any identifier of the person, type:value.")
        String identifier;

        @Override
        public Integer call() {
            Path recorded = Pipeline.recordedDataFolder(out);
            if (recorded != null && data != null && !recorded.equals(data.toAbsolutePath().normalize())) {
                throw new BadInputException("--data " + data + " is not the data folder of the run in " + out
                        + " (" + recorded + "): erasing reruns that run on its own data");
            }
            Path dir = data != null ? data : recorded != null ? recorded : bundledData(out);
            int n = Tools.erase(out, identifier);
            System.out.printf(Locale.ROOT, "erased a profile of %d identifiers; rerunning without them%n", n);
            Pipeline.Result r = Pipeline.run(new Pipeline.Options(dir, out, DataReader.OnError.SKIP), bars());
            Summary.print(System.out, r, out);
            return OK;
        }
    }

    /** {@code omnicanal attribute}: every model over a touchpoint file or a path table. */
    @Command(name = "attribute", mixinStandardHelpOptions = true,
            description = "Run every attribution model over touchpoints and conversions (CSV or JSON lines), or over"
                    + " an aggregated path table as ChannelAttribution users keep it (path, total_conversions,"
                    + " total_conversion_value, total_null).")
    static final class Attribute implements Callable<Integer> {
        @Option(names = "--touchpoints", description = "Touchpoints: profile,time,channel[,campaign,device,kind,cost].")
        Path touchpoints;

        @Option(names = "--conversions", description = "Conversions: profile,time,value[,type].")
        Path conversions;

        @Option(names = "--paths", description = "Aggregated path table (alpha > beta > alpha).")
        Path paths;

        @Option(names = "--separator", defaultValue = ",", description = "Column separator of the path table (default ${DEFAULT-VALUE}).")
        char separator;

        @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() {
            System.out.print(Tools.attribute(touchpoints, conversions, paths, separator, format));
            return OK;
        }
    }

    /** {@code omnicanal segment}: segment definitions over an event file. */
    @Command(name = "segment", mixinStandardHelpOptions = true,
            description = "Evaluate segment definitions (JSON) over an event file (JSON lines), printing sizes and,"
                    + " with --members, the members.")
    static final class Segment implements Callable<Integer> {
        @Option(names = "--segments", required = true, description = "Segment catalog in JSON.")
        Path segments;

        @Option(names = "--events", required = true, description = "Events, one JSON object per line.")
        Path events;

        @Option(names = "--members", description = "Also list each segment's members.")
        boolean members;

        @Override
        public Integer call() {
            System.out.print(Tools.segment(segments, events, members));
            return OK;
        }
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

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (people < 1 || people > 20_000_000) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--people must be from 1 to 20000000, was " + people);
            }
            if (months < 1 || months > 36) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--months must be from 1 to 36, was " + months);
            }
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
