package io.lethe.erasure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boilerplate test set ({@link NewsFixtures}, measured by {@link PassageBoilerplateEval}) through the
 * registry: 30 pages of one news site bulk-imported into the base and 5 created into the delta, all
 * sharing the site's furniture. Before passages were weighted by rarity, every unrelated page of the site
 * was a finding (96 %) and 2 % of edited reproductions were removed whole.
 */
class PassageBoilerplateTest {

    @Test
    void unrelatedPagesOfTheSameSiteAreNotFindingsWhileRegisteredPagesAndTheirEditedCopiesAre() throws Exception {
        PassageBoilerplateEval.Figures f = PassageBoilerplateEval.run(11, 30, 100);
        assertThat(f.blockedGazette()).as("unrelated pages carrying the shared furniture").isLessThanOrEqualTo(1);
        assertThat(f.blockedControl()).as("unrelated article text without furniture").isLessThanOrEqualTo(1);
        assertThat(f.verbatimFound()).as("registered pages reproduced verbatim").isEqualTo(f.verbatim());
        assertThat(f.editedFound()).as("edited reproductions found").isEqualTo(f.edited());
        assertThat(f.editedWhole()).as("edited reproductions removed over their whole extent")
                .isGreaterThanOrEqualTo(f.edited() * 95 / 100);
    }
}
