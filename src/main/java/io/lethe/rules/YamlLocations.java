package io.lethe.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of every node of a YAML document, by path in the form JSON Schema validators report
 * ({@code $.deny_terms[0].action}), so a schema error can name the line it is about.
 */
final class YamlLocations {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlLocations() {
    }

    static Map<String, Integer> index(String yaml) {
        Map<String, Integer> lines = new HashMap<>();
        Deque<Frame> stack = new ArrayDeque<>();
        try (JsonParser p = FACTORY.createParser(yaml)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                int line = p.currentTokenLocation().getLineNr();
                if (t == JsonToken.FIELD_NAME) {
                    Frame f = stack.peek();
                    f.pending = f.path + "." + p.currentName();
                    lines.putIfAbsent(f.pending, line);
                    continue;
                }
                String here = valuePath(stack);
                if (here != null) {
                    lines.putIfAbsent(here, line);
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    stack.push(new Frame(here == null ? "$" : here, t == JsonToken.START_ARRAY));
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    stack.pop();
                }
            }
        } catch (IOException e) {
            // a parse error is reported by the reader itself, with its own location
        }
        return lines;
    }

    /** The path of the value starting now, advancing the enclosing array's index. */
    private static String valuePath(Deque<Frame> stack) {
        Frame f = stack.peek();
        if (f == null) {
            return "$";
        }
        if (f.array) {
            return f.path + "[" + (f.next++) + "]";
        }
        return f.pending;
    }

    /** Paths are looked up from the most specific to the root, so any error finds some line. */
    static int lineOf(Map<String, Integer> index, String path) {
        String p = path;
        while (p != null && !p.isEmpty()) {
            Integer line = index.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut > 0 ? p.substring(0, cut) : null;
        }
        return 0;
    }

    private static final class Frame {
        final String path;
        final boolean array;
        int next;
        String pending;

        Frame(String path, boolean array) {
            this.path = path;
            this.array = array;
        }
    }
}
