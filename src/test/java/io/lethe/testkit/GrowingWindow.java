package io.lethe.testkit;

import io.lethe.guard.Channel;
import io.lethe.guard.ScanWindow;

/**
 * A growing window over one text of channel {@code content[0]}, as a session gives it to a stage: the test
 * sets the text received so far, where the new part starts and whether the text is complete, then scans.
 */
public final class GrowingWindow implements ScanWindow {

    public String text = "";
    public int from;
    public boolean complete;

    @Override
    public Channel channel() {
        return Channel.content(0);
    }

    @Override
    public CharSequence text() {
        return text;
    }

    @Override
    public int newFrom() {
        return from;
    }

    @Override
    public boolean complete() {
        return complete;
    }
}
