package io.omnicanal.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnicanal.examples.data.DataReader;
import io.omnicanal.examples.data.Schema;
import io.omnicanal.identity.Identifier;
import io.omnicanal.identity.IdentifierType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows that carry an erased person's identifiers, after an erasure. */
class IdentityStageTest {
    private static final String TABLET = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    @Test
    void anErasedIdentifierIsDroppedAndTheRowKeptOnlyUnderAnotherPersonLevelIdentifier(@TempDir Path dir) {
        DataReader reader = new DataReader(dir, DataReader.OnError.SKIP, dir.resolve("rejects.csv"));
        ErasureList erasures = ErasureList.empty();
        IdentityStage stage = new IdentityStage(reader, erasures, null);
        // person A shared the family tablet: A's email and the tablet's cookie are erased
        erasures.addAll(List.of(stage.graph.normalize(Identifier.email("ann@example.com")),
                stage.graph.normalize(Identifier.cookie(TABLET))));

        // B logs in on the tablet under B's own account: kept, without the tablet's cookie
        List<Identifier> b = stage.identifiers(source(new Inputs.RawId(IdentifierType.COOKIE, TABLET, "cookie"),
                new Inputs.RawId(IdentifierType.ACCOUNT, "B-7", "account_id")));
        assertThat(b).extracting(Identifier::type).containsExactly(IdentifierType.ACCOUNT);
        // A's email beside a cookie never seen before: the cookie is taken as A's, the row refused
        assertThat(stage.identifiers(source(new Inputs.RawId(IdentifierType.EMAIL, "ann@example.com", "email"),
                new Inputs.RawId(IdentifierType.COOKIE, "6d92078a-8246-418b-a6b1-d6e0d6a1a1b2", "cookie")))).isNull();
        // a row without any erased identifier is untouched
        assertThat(stage.identifiers(source(new Inputs.RawId(IdentifierType.ACCOUNT, "C-9", "account_id"))))
                .hasSize(1);
        assertThat(stage.erasedRows).isEqualTo(1);
        assertThat(stage.partlyErasedRows).isEqualTo(1);
    }

    private static Inputs.Source source(Inputs.RawId... ids) {
        return new Inputs.Source(Schema.WEB_EVENTS, 2, Instant.parse("2025-03-01T10:00:00Z"), List.of(ids));
    }
}
