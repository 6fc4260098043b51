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
 * row keeps its other identifiers) and recorded, masked, in the rejects file. A row that carries
 * an erased person's identifier loses that identifier; the rest of the row is kept only when one
 * of its remaining identifiers names a person on its own (account, CRM, subscriber, loyalty card,
 * email or phone: another member of a household who shared the erased person's tablet or email,
 * logged in under their own account), and is otherwise refused whole (a cookie or device id seen
 * only beside the erased person's email is taken as theirs).
 */
final class IdentityStage {
    /** Blocked shop-counter values: the cashier's house card and the zero card with its prefix. */
    static final String HOUSE_CARD = "LC9999999999";

    final IdentityGraph graph;
    private final ErasureList erasures;
    private final DataReader reader;
    long refusedIdentifiers;
    /** Rows refused whole because of an erased identifier. */
    long erasedRows;
    /** Rows kept under their other person-level identifiers after dropping erased ones. */
    long partlyErasedRows;

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

    /** Types that name a person on their own, so a row keeps them beside an erased identifier. */
    private static final java.util.Set<IdentifierType> PERSON_LEVEL = java.util.Set.of(IdentifierType.ACCOUNT,
            IdentifierType.CRM, IdentifierType.SUBSCRIBER, IdentifierType.LOYALTY, IdentifierType.EMAIL,
            IdentifierType.PHONE);

    /**
     * The normalised identifiers of a source row, with malformed ones refused and recorded, and
     * erased ones dropped (see the class comment).
     *
     * @return the identifiers, or null if the row is refused as an erased person's
     */
    List<Identifier> identifiers(Inputs.Source s) {
        List<Identifier> ids = new ArrayList<>(s.ids().size());
        boolean erased = false;
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
                erased = true;
                continue;
            }
            ids.add(id);
        }
        if (erased) {
            if (ids.stream().noneMatch(i -> PERSON_LEVEL.contains(i.type()))) {
                erasedRows++;
                return null;
            }
            partlyErasedRows++;
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
