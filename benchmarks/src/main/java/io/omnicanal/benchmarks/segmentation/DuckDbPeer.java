package io.omnicanal.benchmarks.segmentation;

import io.omnicanal.segmentation.RfmSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The batch peer: the same events and traits in an in-memory DuckDB database (loaded with the appender
 * before timing), and the same segments as one SQL query: per-profile aggregates with {@code FILTER}
 * clauses, purchase gaps with {@code lag()}, RFM quintiles with {@code rank()} (the shared-ties rule of
 * the library: {@code 1 + floor(5 * (rank - 1) / n)}), lifecycle and RFM cell as {@code CASE}, and one
 * {@code count(*) FILTER} per segment.
 */
final class DuckDbPeer implements AutoCloseable {
    final Connection conn;
    final List<SegmentationData.Rule> rules;
    final String countQuery;
    private final String profileView;
    private final long now;

    DuckDbPeer(SegmentationData d, List<SegmentationData.Rule> rules) throws SQLException {
        this.rules = rules;
        conn = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = conn.createStatement()) {
            s.execute("SET memory_limit = '6GB'");
            s.execute("CREATE TABLE events (profile BIGINT, t BIGINT, type VARCHAR, channel VARCHAR, device VARCHAR, value DOUBLE)");
            s.execute("CREATE TABLE profiles (profile BIGINT, city VARCHAR, age INTEGER, consent VARCHAR)");
        }
        DuckDBConnection dc = conn.unwrap(DuckDBConnection.class);
        try (DuckDBAppender a = dc.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "profiles")) {
            for (long p = 0; p < d.profiles; p++) {
                a.beginRow();
                a.append(p);
                a.append(d.city(p));
                a.append(d.age(p));
                a.append(d.consent(p));
                a.endRow();
            }
        }
        try (DuckDBAppender a = dc.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events")) {
            for (long i = 0; i < d.events; i++) {
                a.beginRow();
                a.append(d.profile(i));
                a.append(d.time(i));
                a.append(d.type(i));
                a.append(d.channel(i));
                a.append(d.device(i));
                a.append(d.value(i));
                a.endRow();
            }
        }
        now = d.end();
        profileView = profileView(rules, now);
        List<String> counts = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            counts.add("count(*) FILTER (WHERE " + rules.get(i).expr().sql(now) + ") AS s" + i);
        }
        countQuery = profileView + " SELECT " + String.join(", ", counts) + " FROM prof";
    }

    private static String profileView(List<SegmentationData.Rule> rules, long now) {
        List<String> cols = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (SegmentationData.Var v : SegmentationData.vars(rules).values()) {
            cols.add(v.sqlColumn(now));
            names.add("a." + v.name());
        }
        var lc = SegmentationData.LIFECYCLE;
        String stage = "CASE WHEN p_first IS NULL THEN 'PROSPECT'"
                + " WHEN " + now + " - p_first < " + lc.newFor().toMillis() + " THEN 'NEW'"
                + " WHEN p_back IS NOT NULL AND " + now + " - p_back < " + lc.reactivatedFor().toMillis() + " THEN 'REACTIVATED'"
                + " WHEN " + now + " - p_last < " + lc.activeFor().toMillis() + " THEN 'ACTIVE'"
                + " WHEN " + now + " - p_last < " + lc.lapsedAfter().toMillis() + " THEN 'AT_RISK' ELSE 'LAPSED' END";
        StringBuilder cell = new StringBuilder("CASE");
        for (RfmSettings.Cell c : RfmSettings.defaultCells()) {
            cell.append(String.format(Locale.ROOT, " WHEN r BETWEEN %d AND %d AND fs BETWEEN %d AND %d AND ms BETWEEN %d AND %d THEN '%s'",
                    c.recencyMin(), c.recencyMax(), c.frequencyMin(), c.frequencyMax(), c.monetaryMin(), c.monetaryMax(),
                    c.name().replace("'", "''")));
        }
        cell.append(" END");
        String aggCols = cols.isEmpty() ? "" : ", " + String.join(", ", cols);
        String aggNames = names.isEmpty() ? "" : ", " + String.join(", ", names);
        return "WITH agg AS (SELECT profile" + aggCols + " FROM events GROUP BY profile),"
                + " pur AS (SELECT profile, t, value, t - lag(t) OVER (PARTITION BY profile ORDER BY t) AS gap"
                + " FROM events WHERE type = 'purchase'),"
                + " life AS (SELECT profile, min(t) AS p_first, max(t) AS p_last,"
                + " max(t) FILTER (WHERE gap >= " + lc.lapsedAfter().toMillis() + ") AS p_back, count(*) AS f,"
                + " CAST(sum(CAST(round(value * 1000000) AS BIGINT)) AS BIGINT) AS m FROM pur GROUP BY profile),"
                + " scored AS (SELECT profile, p_first, p_last, p_back,"
                + " least(5, 1 + (5 * (rank() OVER (ORDER BY p_last) - 1)) // count(*) OVER ()) AS r,"
                + " least(5, 1 + (5 * (rank() OVER (ORDER BY f) - 1)) // count(*) OVER ()) AS fs,"
                + " least(5, 1 + (5 * (rank() OVER (ORDER BY m) - 1)) // count(*) OVER ()) AS ms FROM life),"
                + " prof AS (SELECT p.profile, p.city, p.age, p.consent" + aggNames
                + ", s.p_first, s.p_last, s.p_back, s.r, s.fs, s.ms, " + stage + " AS stage, " + cell + " AS cell"
                + " FROM profiles p LEFT JOIN agg a ON a.profile = p.profile LEFT JOIN scored s ON s.profile = p.profile)";
    }

    /** The member count of every segment, in rule order. */
    long[] counts() throws SQLException {
        long[] out = new long[rules.size()];
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(countQuery)) {
            rs.next();
            for (int i = 0; i < out.length; i++) {
                out[i] = rs.getLong(i + 1);
            }
        }
        return out;
    }

    /** The sorted members of rule {@code i} (for the agreement test). */
    long[] members(int i) throws SQLException {
        List<Long> out = new ArrayList<>();
        String q = profileView + " SELECT profile FROM prof WHERE " + rules.get(i).expr().sql(now) + " ORDER BY profile";
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(q)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }

    @Override
    public String toString() {
        return "DuckDbPeer" + Arrays.toString(rules.stream().map(SegmentationData.Rule::id).toArray());
    }
}
