package io.omnicanal.benchmarks.identity;

import io.omnicanal.identity.Destination;
import io.omnicanal.identity.Identifier;
import io.omnicanal.identity.IdentifierType;
import io.omnicanal.identity.Normalizer;
import io.omnicanal.identity.Normalizers;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of normalising one raw identifier, per type, beside the naive one-liner a user would
 * write instead (trim and lower-case; for phones, keep the digits), which validates nothing.
 * {@code hashMeta} adds the SHA-256 of Meta's normal form. Raw values are seeded and messy
 * (mixed case, spaces, national phone formats); each call takes the next one.
 *
 * <p>Run: {@code java -jar benchmarks.jar NormalizationBenchmark -f 2 -wi 3 -i 5 -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NormalizationBenchmark {

    /** Identifier type. */
    @Param({"email", "phone", "cookie", "maid", "account", "loyalty", "name_address"})
    public String type;

    private static final int N = 4096;
    String[] raw;
    IdentifierType identifierType;
    Normalizer normalizer;
    int next;

    /** Builds the raw values once. */
    @Setup(Level.Trial)
    public void setUp() {
        identifierType = IdentifierType.of(type);
        normalizer = Normalizers.defaultFor(identifierType, "FR", false);
        raw = rawValues(type, N, 7);
    }

    static String[] rawValues(String type, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            switch (type) {
                case "email":
                    out[i] = "  " + LinkData.email(i).toUpperCase(Locale.ROOT).substring(0, 3) + LinkData.email(i).substring(3) + " ";
                    break;
                case "phone":
                    out[i] = String.format(Locale.ROOT, "06 12 %02d %02d %02d", r.nextInt(100), r.nextInt(100), r.nextInt(100));
                    break;
                case "cookie":
                case "maid":
                    out[i] = LinkData.uuid(r).toUpperCase(Locale.ROOT);
                    break;
                case "account":
                    out[i] = " AC-" + r.nextInt(1_000_000) + " ";
                    break;
                case "loyalty":
                    out[i] = String.format(Locale.ROOT, "%04d %04d-%04d", r.nextInt(10_000), r.nextInt(10_000), r.nextInt(10_000));
                    break;
                default:
                    out[i] = Identifier.nameAddress("Jürgen", "Müller-" + r.nextInt(1000), (1 + r.nextInt(200)) + " Hauptstraße",
                            String.format(Locale.ROOT, "%05d", r.nextInt(100_000))).value();
            }
        }
        return out;
    }

    /** @return the library's normal form of the next raw value */
    @Benchmark
    public String omnicanal() {
        String v = raw[next];
        next = (next + 1) & (N - 1);
        return normalizer.normalize(identifierType, v);
    }

    /** @return the naive normal form of the next raw value */
    @Benchmark
    public String naive() {
        String v = raw[next];
        next = (next + 1) & (N - 1);
        return naiveNormalize(type, v);
    }

    /** @return Meta's hashed form of the next raw value (email and phone only; others return null) */
    @Benchmark
    public String hashMeta() {
        String v = raw[next];
        next = (next + 1) & (N - 1);
        if (!identifierType.equals(IdentifierType.EMAIL) && !identifierType.equals(IdentifierType.PHONE)) {
            return null;
        }
        return Destination.META.hash(identifierType, v, "FR");
    }

    static String naiveNormalize(String type, String v) {
        if (type.equals("phone")) {
            return v.replaceAll("[^0-9]", "");
        }
        return v.trim().toLowerCase(Locale.ROOT);
    }
}
