package io.lethe.proxy.openai;

import io.lethe.guard.Channel;
import io.lethe.guard.pipeline.Release;

import java.util.HashMap;
import java.util.Map;

/**
 * What the session released for each leaf of a whole answer: the text released when the leaf was appended,
 * and everything its channel releases later (at its end, or when an asynchronous stage answers) added to
 * the channel's last leaf — so a whole answer is written back as the same texts would have been streamed.
 * Not thread-safe.
 */
final class LeafReleases {

    private final Map<TextLeaf, StringBuilder> released = new HashMap<>();
    private final Map<Channel, TextLeaf> lastLeaf = new HashMap<>();

    /** A leaf was appended to {@code channel} and {@code text} released at once. */
    void appended(TextLeaf leaf, Channel channel, String text) {
        released.put(leaf, new StringBuilder(text));
        lastLeaf.put(channel, leaf);
    }

    /** Text a channel released later goes to its last leaf. */
    void add(Channel channel, Release r) {
        TextLeaf leaf = lastLeaf.get(channel);
        if (leaf != null && !r.text().isEmpty()) {
            released.get(leaf).append(r.text());
        }
    }

    void collect(Map<Channel, Release> releases) {
        for (Map.Entry<Channel, Release> e : releases.entrySet()) {
            add(e.getKey(), e.getValue());
        }
    }

    /** All released for a leaf, or null for a leaf never appended. */
    String of(TextLeaf leaf) {
        StringBuilder sb = released.get(leaf);
        return sb == null ? null : sb.toString();
    }
}
