package io.lethe.erasure;

import io.lethe.decode.DecodingDetector;
import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.FollowUpTerms;
import io.lethe.erasure.index.Nicknames;
import io.lethe.guard.Channel;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesPolicy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * A guard pipeline over a few registered people, as the registry compiles them (follow-up terms on, decoding over
 * the erasure stage, shipped rules), and a check that whole answers and every chunking of them give one text: for
 * the tests of forms that need several people side by side (namesakes, common-word surnames).
 */
final class PeoplePipeline {

    private static final ScanContext CTX = new ScanContext("r", "m", null, null);
    private final GuardPipeline pipeline;

    /** @param people rows of {@code {String id, CompiledErasures.Spec spec}} */
    PeoplePipeline(List<Object[]> people) {
        List<CompiledErasures.Spec> specs = new ArrayList<>();
        List<ErasureStage.Entry> entries = new ArrayList<>();
        for (Object[] p : people) {
            CompiledErasures.Spec spec = (CompiledErasures.Spec) p[1];
            specs.add(spec);
            List<String> named = new ArrayList<>(spec.names());
            named.addAll(spec.aliases());  // as ErasureStage.Entry.of compiles them
            var f = FollowUpTerms.compile(named, List.of(), Nicknames.shipped(), spec.namesCountry());
            entries.add(new ErasureStage.Entry((String) p[0], null, Erasure.Scope.EVERYWHERE, null, false,
                    f.terms(), f.firstWordPrefixes()));
        }
        ErasureStage stage = new ErasureStage(CompiledErasures.build(specs, Nicknames.shipped(), "US"),
                entries.toArray(new ErasureStage.Entry[0]), new BitSet(), CompiledErasures.empty(),
                new ErasureStage.Entry[0], Map.of());
        this.pipeline = new GuardPipeline(List.<GuardStage>of(stage, DecodingDetector.stage(List.of(stage))),
                new RulesPolicy(new GuardRules(null, null, List.of())));
    }

    /** The whole answer redacted. */
    String whole(String text) {
        return pipeline.open(CTX, null).scanWhole(Channel.content(0), text);
    }

    /** The answer streamed in chunks of {@code sizes} (cycled), redacted; each chunk's release is a prefix of {@code whole}. */
    String streamed(String text, List<Integer> sizes, String whole) {
        var s = pipeline.open(CTX, null);
        StringBuilder out = new StringBuilder();
        int k = 0;
        for (int i = 0; i < text.length(); ) {
            int e = Math.min(text.length(), i + sizes.get(k++ % sizes.size()));
            out.append(s.append(Channel.content(0), text.substring(i, e)).text());
            if (!whole.startsWith(out.toString())) {
                return out.toString();  // released what the whole answer does not hold
            }
            i = e;
        }
        out.append(s.finish(Channel.content(0)).text());
        return out.toString();
    }

    /** Null when the whole answer and every chunking of it into pieces of 1 to 7 chars give {@code expected}. */
    String check(String text, String expected) {
        String whole = pipeline.open(CTX, null).scanWhole(Channel.content(0), text);
        if (!whole.equals(expected)) {
            return "whole [" + text + "] -> [" + whole + "], expected [" + expected + "]";
        }
        return ObfuscationClassesTest.streamedLikeWhole(pipeline, text, expected);
    }
}
