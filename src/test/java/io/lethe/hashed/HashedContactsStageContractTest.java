package io.lethe.hashed;

import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.DetectorContext;
import io.lethe.guard.ErasureRecords;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.RegisteredErasure;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.StageContractTest;
import io.lethe.guard.StageScanner;
import io.lethe.testkit.GrowingWindow;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hashed-contacts stage keeps the stage contract ({@link StageContractTest}) over Gravatar URLs and tracking
 * pixels carrying the MD5, SHA-1 and SHA-256 of registered e-mails in either hex case, digests cut short, digests of
 * unregistered addresses, long hex runs and prose.
 */
class HashedContactsStageContractTest extends StageContractTest {

    static final String EMAIL = "Wren.Halloway@Example.org";
    static final String OTHER = "oona.f@example.net";
    static final String UNREGISTERED = "nobody@example.com";
    static final String MD5 = HashedContactsDetector.digest("MD5", EMAIL.toLowerCase(Locale.ROOT));
    static final String SHA1 = HashedContactsDetector.digest("SHA-1", EMAIL.toLowerCase(Locale.ROOT));
    static final String SHA256 = HashedContactsDetector.digest("SHA-256", EMAIL.toLowerCase(Locale.ROOT));
    static final String OTHER_MD5 = HashedContactsDetector.digest("MD5", OTHER);

    /** A registry record for stage-level tests: applies everywhere but to tenant "elsewhere". */
    record Rec(String id, boolean active, Action action, List<String> emails) implements RegisteredErasure {
        public List<String> names() {
            return List.of();
        }

        public List<String> aliases() {
            return List.of();
        }

        public List<String> phones() {
            return List.of();
        }

        public List<String> identifiers() {
            return List.of();
        }

        public List<String> passages() {
            return List.of();
        }

        public List<String> topicTexts() {
            return List.of();
        }

        public boolean appliesTo(ScanContext context) {
            return context.everyScope() || !"elsewhere".equals(context.tenant());
        }

        public java.util.function.Predicate<ScanContext> applicability() {
            return this::appliesTo;
        }

        @Override
        public String toString() {
            return "Rec[" + id + "]";
        }
    }

    static DetectorContext context(ErasureRecords records) {
        return new DetectorContext() {
            public List<GuardStage> before() {
                return List.of();
            }

            public <T> T settings(Class<T> type) {
                return null;
            }

            public ErasureRecords erasures() {
                return records;
            }

            public <T> T shared(Class<T> type) {
                return null;
            }
        };
    }

    static ErasureRecords records(List<? extends RegisteredErasure> all) {
        return new ErasureRecords() {
            public long forEachActive(Consumer<RegisteredErasure> visitor) {
                all.forEach(visitor);
                return 1;
            }

            public long forEachChangedSince(long version, Consumer<RegisteredErasure> visitor) {
                return version;
            }
        };
    }

    @Override
    protected GuardStage stage() {
        return new HashedContactsDetector().build(context(records(List.of(
                new Rec("wren", true, null, List.of(" " + EMAIL + " ")),
                new Rec("oona", true, Action.BLOCK, List.of(OTHER))))));
    }

    @Override
    protected Arbitrary<String> texts() {
        String unregistered = HashedContactsDetector.digest("MD5", UNREGISTERED);
        return Arbitraries.frequencyOf(
                        Tuple.of(5, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(9)),
                        Tuple.of(3, Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMinLength(1).ofMaxLength(12)),
                        Tuple.of(3, Arbitraries.of(MD5, SHA1, SHA256, MD5.toUpperCase(Locale.ROOT), OTHER_MD5,
                                "https://www.gravatar.com/avatar/" + MD5 + "?s=80&d=identicon",
                                "<img src=\"https://t.example/px.gif?e=" + SHA256.toUpperCase(Locale.ROOT) + "\">",
                                "deadbeef" + MD5 + "cafe", MD5.substring(0, 31), SHA256.substring(0, 63),
                                MD5.substring(0, 20) + "g", SHA1 + SHA256, unregistered, "0x" + SHA1)),
                        Tuple.of(1, Arbitraries.strings().withChars("/?=&.:-_\"'<> ").ofMinLength(1).ofMaxLength(4)))
                .list().ofMaxSize(14).map(ws -> String.join("", ws));
    }

    @Override
    protected List<String> secrets() {
        return List.of(EMAIL, OTHER, MD5, SHA1, SHA256, OTHER_MD5);
    }

    private static List<Finding> whole(GuardStage stage, ScanContext ctx, String text) {
        GrowingWindow w = new GrowingWindow();
        w.text = text;
        w.complete = true;
        return stage.open(ctx, Channel.content(0)).scan(w).findings();
    }

    @Example
    void aGravatarUrlIsFoundWithItsErasureAndTheAlgorithm() {
        String text = "avatar: https://www.gravatar.com/avatar/" + MD5.toUpperCase(Locale.ROOT) + "?s=80, pixel "
                + SHA256 + "; sha1 " + SHA1 + ", other " + OTHER_MD5;
        List<Finding> found = whole(stage(), context(), text);
        assertThat(found).extracting(Finding::erasureId, Finding::rule, Finding::action).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("wren", "md5", null),
                org.assertj.core.groups.Tuple.tuple("wren", "sha256", null),
                org.assertj.core.groups.Tuple.tuple("wren", "sha1", null),
                org.assertj.core.groups.Tuple.tuple("oona", "md5", Action.BLOCK));
        assertThat(found).allSatisfy(f -> assertThat(text.substring(f.start(), f.end()))
                .matches("[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}"));
    }

    @Example
    void anErasureThatDoesNotApplyIsNotReported() {
        assertThat(whole(stage(), new ScanContext("r", "m", "elsewhere", null), "x " + MD5 + " y")).isEmpty();
    }

    @Example
    void aDigestSplitAcrossChunksIsHeldFromItsFirstCharAndHexNoDigestBeginsWithIsReleased() {
        StageScanner sc = stage().open(context(), Channel.content(0));
        GrowingWindow w = new GrowingWindow();
        String prefix = "see gravatar.com/avatar/";
        w.text = prefix + MD5.substring(0, 10);
        ScanResult r = sc.scan(w);
        assertThat(r.holdFrom()).isEqualTo(prefix.length());
        w.from = w.text.length();
        w.text = prefix + MD5 + "?s=8";
        r = sc.scan(w);
        assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f.start()).isEqualTo(prefix.length()));
        assertThat(r.holdFrom()).isEqualTo(w.text.length());
        // "made" ends in hex ("de"), which may begin a digest or not: held only if one does
        w.from = w.text.length();
        w.text = w.text + " zz" + "g".repeat(3);
        assertThat(sc.scan(w).holdFrom()).isEqualTo(w.text.length());
        // a long hex run that is no digest prefix in any suffix is let go
        ScanResult noise = whole(stage(), "0".repeat(100));
        assertThat(noise.findings()).isEmpty();
    }

    private static ScanResult whole(GuardStage stage, String text) {
        StageScanner sc = stage.open(new ScanContext("r", "m", null, null), Channel.content(0));
        GrowingWindow w = new GrowingWindow();
        w.text = text;
        return sc.scan(w);
    }

    @Example
    void nothingRegisteredBuildsNoStage() {
        assertThat(new HashedContactsDetector().build(context(ErasureRecords.NONE))).isNull();
        assertThat(new HashedContactsDetector().build(context(records(new ArrayList<>(List.of(
                new Rec("no-mail", true, null, List.of()))))))).isNull();
    }
}
