package io.lethe.erasure.index;

import io.lethe.text.MappedText;

import java.util.ArrayList;
import java.util.List;

/**
 * One matcher run over the normalized views of a channel (see {@link io.lethe.text.NormalizedView#tokenViews()}),
 * with hits moved back to raw offsets: a hit's raw span covers the normalized match and the dropped markup or
 * invisible chars around it, so a redaction removes the whole obfuscated mention, but not the chars of a
 * grapheme cluster begun outside it (see {@link MappedText#coverStart}). The first view is matched for every
 * kind; the views after it (the leetspeak reading, whose chars may have two readings, see
 * {@link io.lethe.text.CharAlternatives}) for names and aliases only. The raw text itself is scanned by a plain
 * {@link CompiledErasures.Cursor}; this only adds what the views find. Not thread-safe.
 */
public final class ViewCursor {

    private final CompiledErasures.Cursor[] cursors;
    private final io.lethe.text.FormStarts starts;
    private final List<CompiledErasures.Hit> scratch = new ArrayList<>(4);

    /**
     * @param views how many views {@link #feed} will be given (at least 1): the first matched for every kind,
     *              the others for names only
     */
    public ViewCursor(CompiledErasures compiled, int views) {
        cursors = new CompiledErasures.Cursor[views];
        starts = compiled.formStarts();
        for (int i = 0; i < views; i++) {
            cursors[i] = i == 0 ? compiled.viewCursor() : compiled.nameCursor();
        }
    }

    /**
     * Scans what the views gained since the last call (the caller advanced them over {@code raw} first).
     *
     * @param views the views, as many as this cursor was built for
     * @return the smallest raw offset (UTF-16) where a hit not yet reported could still start
     */
    public int feed(CharSequence raw, List<MappedText> views, boolean complete, List<CompiledErasures.Hit> out) {
        int hold = raw.length();
        for (int v = 0; v < cursors.length; v++) {
            MappedText view = views.get(v);
            scratch.clear();
            // a view holds back the space after its last word (it may become an " at " connector); the word
            // has ended all the same, so its token is judged now instead of held as if still being written.
            // Not when the view took that space in without a break: letter-spaced text ("L i n d q v i s t 0")
            // may glue the next char onto the word
            int after = view.length() == 0 ? -1 : view.rawEnd(view.length());
            boolean wordEnded = !complete && after >= 0 && after < raw.length() && Character.isWhitespace(raw.charAt(after))
                    && view.holdFrom() <= after && !atFollows(raw, after);
            int h = cursors[v].feed(view.text(), view.length(), complete, scratch, wordEnded);
            for (CompiledErasures.Hit hit : scratch) {
                out.add(hit.at(view.coverStart(hit.start(), raw), view.coverEnd(hit.end(), raw)));
            }
            if (!complete) {
                hold = Math.min(hold, view.matcherHold(h, raw, raw.length(), starts));
            }
        }
        return hold;
    }

    /**
     * Whether the first char after the spaces from {@code from} is an "@": a spaced "@" joins the word before it
     * ("x @ y" reads "x@y"), so that word has not ended. (Before any char after the spaces has come the word is
     * judged ended all the same: the run it may join is held from its first part that could begin a user name,
     * see {@code CompiledErasures}, so an "@" coming later does not take that word back.)
     */
    private static boolean atFollows(CharSequence raw, int from) {
        int k = from;
        while (k < raw.length() && Character.isWhitespace(raw.charAt(k))) {
            k++;
        }
        return k < raw.length() && (raw.charAt(k) == '@' || raw.charAt(k) == '\uFF20');
    }
}
