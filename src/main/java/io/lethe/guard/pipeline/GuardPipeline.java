package io.lethe.guard.pipeline;

import io.lethe.guard.GuardStage;
import io.lethe.guard.Policy;
import io.lethe.guard.ScanContext;

import java.util.List;
import java.util.Objects;

/**
 * An immutable set of stages and a policy. Rule or registry changes build a new pipeline and swap it in;
 * sessions keep the one they were opened on.
 */
public final class GuardPipeline {

    private final List<GuardStage> stages;
    private final List<GuardStage> syncStages;
    private final Policy policy;
    /**
     * Protocol values ({@link GuardSession#scanAtom}) that no stage reported anything in, by model, tenant and
     * upstream: a chunk id, a model name or an object key recurs in every response, and is scanned once per
     * pipeline instead of once per response. Bounded; cleared when full. Holds only values without a finding.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Boolean> cleanAtoms = new java.util.concurrent.ConcurrentHashMap<>();
    static final int MAX_CLEAN_ATOMS = 8192;
    static final int MAX_CLEAN_ATOM_LENGTH = 128;

    public GuardPipeline(List<GuardStage> stages, Policy policy) {
        this.stages = List.copyOf(stages);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.syncStages = this.stages.stream().filter(s -> !s.async()).toList();
    }

    public List<GuardStage> stages() {
        return stages;
    }

    public Policy policy() {
        return policy;
    }

    /** Whether prompts are to be checked at all (some rule opted in). */
    public boolean checksPrompts() {
        return policy.checksPrompts();
    }

    /**
     * Scans a request's prompt texts; returns the finding that refuses it (with the policy's ruling, whose
     * refusal text the client gets), or null to let the request through. Prompt findings that do not refuse
     * are not acted on: the prompt is the client's own text. Asynchronous stages (the classifier) do not
     * scan prompts: the check runs on the event loop.
     */
    public DecidedFinding checkPrompt(ScanContext context, java.util.List<String> texts) {
        if (!policy.checksPrompts()) {
            return null;
        }
        for (int i = 0; i < texts.size(); i++) {
            GuardSession s = new GuardSession(syncStages, policy, GuardListener.NONE, context);
            io.lethe.guard.Channel ch = io.lethe.guard.Channel.content(0);
            s.append(ch, texts.get(i));
            s.finish(ch);
            for (DecidedFinding f : s.findings()) {
                if (policy.refusesPrompt(f.finding(), context)) {
                    return f;
                }
            }
        }
        return null;
    }

    /** Longest label checked; a longer one is treated as naming something ({@link #mentionsErased}). */
    public static final int MAX_LABEL = 256;

    /**
     * Whether a client-supplied label (a request id, a model name it made up) holds anything the synchronous
     * stages find, for every erasure whatever its scope: such a label is never logged or recorded as given (a
     * client could otherwise plant an erased e-mail in the evidence as its request id). Runs on the event loop,
     * so a label over {@value #MAX_LABEL} chars is not scanned and counts as naming something.
     */
    public boolean mentionsErased(String label) {
        if (label == null || label.isEmpty()) {
            return false;
        }
        if (label.length() > MAX_LABEL) {
            return true;
        }
        if (syncStages.isEmpty()) {
            return false;
        }
        GuardSession s = new GuardSession(syncStages, policy, GuardListener.NONE, LABEL_CONTEXT);
        io.lethe.guard.Channel ch = io.lethe.guard.Channel.content(0);
        s.append(ch, label);
        s.finish(ch);
        return !s.findings().isEmpty();
    }

    private static final ScanContext LABEL_CONTEXT = ScanContext.everyScope("label");

    /** Opens a session for one response; cheap. The listener sees its scans and findings. */
    public GuardSession open(ScanContext context, GuardListener listener) {
        return new GuardSession(stages, policy, listener == null ? GuardListener.NONE : listener, context, this);
    }

    /** The cache key of an atom in a context, or null when the atom is not cached (too long). */
    static String atomKey(ScanContext context, String text) {
        if (text.length() > MAX_CLEAN_ATOM_LENGTH) {
            return null;
        }
        return (context == null ? "" : context.model() + '\u0000' + context.tenant() + '\u0000' + context.upstream())
                + '\u0000' + text;
    }

    boolean knownClean(String key) {
        return key != null && cleanAtoms.containsKey(key);
    }

    void clean(String key) {
        if (key == null) {
            return;
        }
        if (cleanAtoms.size() >= MAX_CLEAN_ATOMS) {
            cleanAtoms.clear();
        }
        cleanAtoms.put(key, Boolean.TRUE);
    }
}
