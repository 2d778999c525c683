package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.Nicknames;
import io.lethe.erasure.index.PassageIndex;
import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesPolicy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Invented people written in several scripts, as erasures of one stage (with its views and passages), and
 * the ways tests run text through it: one scanner call, a whole answer, a stream in given chunks.
 */
final class ScriptFixtures {

    static final ScanContext CTX = new ScanContext("r", "m", null, null);
    static final String CHINESE_PASSAGE = "她每天清晨都在河边的老柳树下读那封没有寄出的信，直到太阳升过对岸的山顶。";

    /** Erasure ids with what each registers. */
    static final List<Object[]> ERASURES = List.of(
            new Object[] {"e-lorcan", new CompiledErasures.Spec(List.of("Lorcan Whitfield"), null,
                    List.of("l.whitfield@example.org"), List.of("+81 3-1234-5678"), null)},
            new Object[] {"e-wang", new CompiledErasures.Spec(null, List.of("王秀英"), null, null, null)},
            new Object[] {"e-yamada", new CompiledErasures.Spec(List.of("山田\u3000太郎"), null, null, null, null)},
            new Object[] {"e-lorcan-kana", new CompiledErasures.Spec(List.of("ロルカン・ウィットフィールド"), null, null, null, null)},
            new Object[] {"e-kim", new CompiledErasures.Spec(List.of("김민준"), null, null, null, null)},
            new Object[] {"e-somsak", new CompiledErasures.Spec(List.of("สมศักดิ์"), null, null, null, null)},
            new Object[] {"e-ann", new CompiledErasures.Spec(List.of("Ann Lee"), null, null, null, null)},
            new Object[] {"e-jose", new CompiledErasures.Spec(List.of("José Núñez"), null, null, null, null)},
            new Object[] {"e-marisol", new CompiledErasures.Spec(List.of("Marisol Quintanilla"), null, null, null, null)});

    private static ErasureStage stage;

    private ScriptFixtures() {
    }

    static synchronized ErasureStage stage() {
        if (stage == null) {
            List<CompiledErasures.Spec> specs = new ArrayList<>();
            List<ErasureStage.Entry> entries = new ArrayList<>();
            List<List<String>> passages = new ArrayList<>();
            for (Object[] e : ERASURES) {
                specs.add((CompiledErasures.Spec) e[1]);
                entries.add(new ErasureStage.Entry((String) e[0], null, Erasure.Scope.EVERYWHERE, null, false));
                passages.add(e[0].equals("e-wang") ? List.of(CHINESE_PASSAGE) : List.of());
            }
            CompiledErasures base = CompiledErasures.build(specs, Nicknames.of(Map.of()), "US");
            stage = new ErasureStage(base, PassageIndex.build(passages),
                    entries.toArray(new ErasureStage.Entry[0]), new BitSet(), CompiledErasures.empty(), null,
                    new ErasureStage.Entry[0], Map.of());
        }
        return stage;
    }

    static GuardPipeline pipeline() {
        return new GuardPipeline(List.of(stage()), new RulesPolicy(new GuardRules(null, null, List.of())));
    }

    /** The stage's findings for a whole text (one scanner call). */
    static List<Finding> scanWhole(String text) {
        return stage().open(CTX, Channel.content(0)).scan(ObfuscationFixtures.window(text, true)).findings();
    }

    /** A whole answer through the session (redacted). */
    static String redactWhole(String text) {
        return pipeline().open(CTX, null).scanWhole(Channel.content(0), text);
    }

    /** The same answer streamed, cut at {@code cuts} (offsets; out-of-range ones ignored). */
    static String redactStreamed(String text, List<Integer> cuts) {
        GuardSession s = pipeline().open(CTX, null);
        StringBuilder out = new StringBuilder();
        int prev = 0;
        for (int cut : cuts.stream().filter(c -> c > 0 && c < text.length()).distinct().sorted().toList()) {
            out.append(s.append(Channel.content(0), text.substring(prev, cut)).text());
            prev = cut;
        }
        out.append(s.append(Channel.content(0), text.substring(prev)).text());
        out.append(s.finish(Channel.content(0)).text());
        return out.toString();
    }

    /** Cuts every {@code size} chars. */
    static List<Integer> every(int size, int length) {
        List<Integer> cuts = new ArrayList<>();
        for (int i = size; i < length; i += size) {
            cuts.add(i);
        }
        return cuts;
    }
}
