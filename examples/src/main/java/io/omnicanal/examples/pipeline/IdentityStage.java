package io.omnicanal.examples.pipeline;

import io.omnicanal.examples.data.DataReader;
import io.omnicanal.examples.data.RowException;
import io.omnicanal.identity.Destination;
import io.omnicanal.identity.Identifier;
import io.omnicanal.identity.IdentifierType;
import io.omnicanal.identity.IdentityGraph;
import io.omnicanal.identity.IdentityListener;
import io.omnicanal.identity.InvalidIdentifierException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The identity step of the pipeline: the graph's merge rules for this brand, and the turning of a
 * row's raw identifiers into normalised ones. A malformed identifier is refused on its own (the
 * row keeps its other identifiers) and recorded, masked, in the rejects file; a row that carries
 * an erased person's identifier is refused whole.
 */
final class IdentityStage {
    /** Blocked shop-counter values: the cashier's house card and the zero card with its prefix. */
    static final String HOUSE_CARD = "LC9999999999";

    final IdentityGraph graph;
    private final ErasureList erasures;
    private final DataReader reader;
    long refusedIdentifiers;
    long erasedRows;

    IdentityStage(DataReader reader, ErasureList erasures, IdentityListener listener) {
        this.reader = reader;
        this.erasures = erasures;
        this.graph = newGraph(listener);
    }

    /**
     * The graph as this brand configures it. Priorities are the library's defaults (account, CRM,
     * loyalty, email, phone, advertising id, device, cookie, name-and-address); on top of them:
     * <ul>
     *   <li>phones without a country code are French;</li>
     *   <li>emails are kept only as the SHA-256 of Meta's normal form, so no clear email is held
     *       in memory or in snapshots, and the hashed emails of the demographics partner land on
     *       the same profiles (the price: Gmail dot and {@code +tag} variants stay apart);</li>
     *   <li>unique account and CRM ids: two customers' accounts never merge through a shared
     *       family tablet;</li>
     *   <li>at most one email and one phone per profile (a shared family email or a typo'd
     *       second address stays apart rather than gluing two people), 5 new cookies a week (a
     *       bot's thousands of cookies stop there), and at most 300 identifiers per profile;</li>
     *   <li>the library's junk list, plus the shop's house card and {@code LC0...} cards.</li>
     * </ul>
     */
    static IdentityGraph newGraph(IdentityListener listener) {
        IdentityGraph.Builder b = IdentityGraph.builder()
                .defaultRegion("FR")
                .storeHashed(IdentifierType.EMAIL, Destination.META)
                .unique(IdentifierType.ACCOUNT)
                .unique(IdentifierType.CRM)
                .limit(IdentifierType.EMAIL, 1)
                .limit(IdentifierType.PHONE, 1)
                .limit(IdentifierType.COOKIE, 5, Duration.ofDays(7))
                .maxProfileSize(300)
                .block(IdentifierType.LOYALTY, HOUSE_CARD)
                .blockPattern(IdentifierType.LOYALTY, "LC0+");
        if (listener != null) {
            b.listener(listener);
        }
        return b.build();
    }

    /**
     * The normalised identifiers of a source row, with malformed ones refused and recorded.
     *
     * @return the identifiers, or null if the row belongs to an erased person
     */
    List<Identifier> identifiers(Inputs.Source s) {
        List<Identifier> ids = new ArrayList<>(s.ids().size());
        for (Inputs.RawId raw : s.ids()) {
            Identifier id;
            try {
                id = graph.normalize(toIdentifier(raw));
            } catch (InvalidIdentifierException e) {
                refusedIdentifiers++;
                reader.refuseValue(new RowException(s.schema().fileName(), s.line(), raw.column(), e.maskedValue(),
                        "identifier refused: " + e.getMessage()));
                continue;
            } catch (IllegalArgumentException e) {
                refusedIdentifiers++;
                reader.refuseValue(new RowException(s.schema().fileName(), s.line(), raw.column(), "***",
                        "identifier refused: " + e.getMessage()));
                continue;
            }
            if (erasures.contains(id)) {
                erasedRows++;
                return null;
            }
            ids.add(id);
        }
        return ids;
    }

    /** The raw identifier as the library takes it. */
    static Identifier toIdentifier(Inputs.RawId raw) {
        if (raw.type().equals(IdentifierType.NAME_ADDRESS)) {
            String[] p = raw.value().split("\u001f", -1);
            // first name, surname, "house street", postcode
            return Identifier.nameAddress(p[0], p[1], p[3] + " " + p[2], p[4]);
        }
        if (raw.column().equals("email_sha256")) {
            return Identifier.sha256(IdentifierType.EMAIL, raw.value().strip());
        }
        return Identifier.of(raw.type(), raw.value());
    }

    /**
     * Links one row.
     *
     * @param source   the row's file
     * @param sequence the row's line in it
     * @return the profile key, or {@link IdentityGraph#NO_PROFILE} if no identifier was usable
     */
    long link(Instant time, String source, long sequence, List<Identifier> ids) {
        if (ids.isEmpty()) {
            return IdentityGraph.NO_PROFILE;
        }
        return graph.link(time, source, sequence, ids.toArray(new Identifier[0]));
    }
}
