package io.lethe.proxy.openai;

import io.lethe.guard.Channel;
import io.lethe.guard.pipeline.Release;

import java.util.HashMap;
import java.util.Map;

/**
 * What the session released for each leaf of a whole answer: the text released when the leaf was appended,
 * and everything its channel releases later (at its end, or when an asynchronous stage answers) added to
 * the channel's last leaf — so a whole answer is written back as the same texts would have been streamed — unless
 * an unknown field's channel released its texts unchanged, when each leaf keeps its own.
 * Not thread-safe.
 */
final class LeafReleases {

    private final Map<TextLeaf, StringBuilder> released = new HashMap<>();
    private final Map<Channel, TextLeaf> lastLeaf = new HashMap<>();
    private final Map<TextLeaf, Channel> channelOf = new HashMap<>();
    /** Per channel: its leaves' texts joined, and all it released, to tell a channel released unchanged. */
    private final Map<Channel, StringBuilder> sent = new HashMap<>();
    private final Map<Channel, StringBuilder> out = new HashMap<>();

    /** A leaf was appended to {@code channel} and {@code text} released at once. */
    void appended(TextLeaf leaf, Channel channel, String text) {
        released.put(leaf, new StringBuilder(text));
        lastLeaf.put(channel, leaf);
        channelOf.put(leaf, channel);
        sent.computeIfAbsent(channel, c -> new StringBuilder()).append(leaf.text);
        out.computeIfAbsent(channel, c -> new StringBuilder()).append(text);
    }

    /** Text a channel released later goes to its last leaf. */
    void add(Channel channel, Release r) {
        TextLeaf leaf = lastLeaf.get(channel);
        if (leaf != null && !r.text().isEmpty()) {
            released.get(leaf).append(r.text());
            out.get(channel).append(r.text());
        }
    }

    void collect(Map<Channel, Release> releases) {
        for (Map.Entry<Channel, Release> e : releases.entrySet()) {
            add(e.getKey(), e.getValue());
        }
    }

    /**
     * All released for a leaf, or null for a leaf never appended. An unknown field's channel that released its
     * texts unchanged gives each leaf its own text back: text held at one leaf and released at a later one (the values of two
     * keys that share a channel, {@code {"Corwin": "a", "Ash": "b"}}) is not moved into the later one.
     */
    String of(TextLeaf leaf) {
        StringBuilder sb = released.get(leaf);
        if (sb == null) {
            return null;
        }
        Channel ch = channelOf.get(leaf);
        // only an unknown field's: a stream scans those per chunk, each value whole, so nothing moves there
        // either, where the text of a known channel held at one place goes out at the next as it streams
        boolean own = ch.kind() == io.lethe.guard.ChannelKind.OTHER && CharSequence.compare(sent.get(ch), out.get(ch)) == 0;
        return own ? leaf.text : sb.toString();
    }
}
