package io.lethe.audit;

import java.util.Locale;

/** What an erasure probe is about; the wire name is the lower-case name ({@code person}, {@code passage}, {@code topic}). */
public enum ProbeKind {
    PERSON, PASSAGE, TOPIC;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named by {@code wire}; IllegalArgumentException for any other. */
    public static ProbeKind parse(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
