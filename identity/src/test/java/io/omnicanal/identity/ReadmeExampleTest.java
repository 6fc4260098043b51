package io.omnicanal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The example of identity/README.md, kept compiling and true. */
class ReadmeExampleTest {

    @Test
    void readmeExample() {
        // --- README example start
        IdentityGraph graph = IdentityGraph.builder()
                .defaultRegion("FR")                                  // phones without +33
                .gmailRules(true)                                     // j.doe+x@gmail.com = jdoe@gmail.com
                .unique(IdentifierType.ACCOUNT)                       // two accounts never merge
                .limit(IdentifierType.COOKIE, 5, Duration.ofDays(7))  // at most 5 cookies a week
                .listener(new IdentityListener() {
                    @Override
                    public void merged(long loser, long winner, Instant time) {
                        System.out.printf("profile %x now lives under %x%n", loser, winner);
                    }
                })
                .build();

        Instant t = Instant.parse("2025-03-01T09:00:00Z");
        long visitor = graph.link(t, "web", Identifier.cookie("3F2504E0-4F89-11D3-9A0C-0305E82C3301"));
        long customer = graph.link(t.plusSeconds(60), "crm",
                Identifier.account("C-1042"), Identifier.email("Jane.Doe+news@gmail.com"), Identifier.phone("06 12 34 56 78"));
        // the visitor logs in: the anonymous profile merges into the customer's
        long same = graph.link(t.plusSeconds(120), "web",
                Identifier.cookie("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), Identifier.email("janedoe@gmail.com"));

        Profile p = graph.profile(same).orElseThrow();
        System.out.println(p.canonical() + " " + p.byType().keySet());   // account:C****2 [account, cookie, email, phone]
        graph.explain(Identifier.cookie("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), Identifier.phone("+33612345678"))
                .orElseThrow().forEach(step -> System.out.print(step.source() + " "));   // web crm
        // --- README example end

        assertThat(same).isEqualTo(customer).isNotEqualTo(visitor);
        assertThat(p.identifiers()).hasSize(4);
        // the outputs the comments show
        assertThat(p.canonical() + " " + p.byType().keySet()).isEqualTo("account:C****2 [account, cookie, email, phone]");
        assertThat(graph.explain(Identifier.cookie("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), Identifier.phone("+33612345678"))
                .orElseThrow()).extracting(LinkStep::source).containsExactly("web", "crm");
    }
}
