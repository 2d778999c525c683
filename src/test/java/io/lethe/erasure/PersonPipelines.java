package io.lethe.erasure;

import io.lethe.decode.DecodingDetector;
import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.FollowUpTerms;
import io.lethe.erasure.index.Nicknames;
import io.lethe.guard.Action;
import io.lethe.guard.GuardStage;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesPolicy;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * A guard pipeline with one registered person, as the registry compiles it (the erasure stage with follow-ups
 * on and the prefixes of their first words known, decoding over it, shipped rules): for tests in and outside
 * this package that need a real name detector without the application.
 */
public final class PersonPipelines {

    private PersonPipelines() {
    }

    /**
     * The pipeline for one person.
     *
     * @param name   the person's name as registered
     * @param action the erasure's action, or {@code null} for the rules' default
     * @return a pipeline whose sessions find that person
     */
    public static GuardPipeline person(String name, Action action) {
        ErasureStage.Entry e = new ErasureStage.Entry("p0", action, Erasure.Scope.EVERYWHERE, null, false,
                FollowUpTerms.of(List.of(name), Nicknames.shipped()),
                FollowUpTerms.firstWordPrefixes(List.of(name), Nicknames.shipped()));
        ErasureStage stage = new ErasureStage(CompiledErasures.build(
                List.of(new CompiledErasures.Spec(List.of(name), null, null, null, null)), Nicknames.shipped(), "US"),
                new ErasureStage.Entry[] {e}, new BitSet(), CompiledErasures.empty(), new ErasureStage.Entry[0],
                Map.of());
        return new GuardPipeline(List.<GuardStage>of(stage, DecodingDetector.stage(List.of(stage))),
                new RulesPolicy(new GuardRules(null, null, List.of())));
    }
}
