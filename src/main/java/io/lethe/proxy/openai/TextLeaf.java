package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.lethe.guard.Channel;

import java.io.IOException;
import java.util.List;

/**
 * One place in a JSON tree that carries model text, the channel it belongs to, and the path from its root
 * object (a choice, an output item) to it, so released text can be written back in place, or into a new
 * chunk built on the same path.
 *
 * <p>A leaf is a string field, a string in an array, or an object or array standing where text belongs
 * (TGI's tool-call {@code arguments}): that value is scanned as its JSON text and written back as JSON
 * once all of it is released (as a string before that, in the rare stream where a classifier still holds
 * part of it).
 */
final class TextLeaf {

    /** A step from an object to a child: a field, or an element of an array field picked by identity. */
    record Step(String field, ObjectNode identity, boolean element) {

        static Step field(String name) {
            return new Step(name, null, false);
        }

        /** An element of the array in {@code field}, matched by its identity fields (type, index). */
        static Step element(String name, ObjectNode identity) {
            return new Step(name, identity, true);
        }
    }

    /**
     * How a leaf is scanned: {@code STREAM} text joins its channel (deltas of one text across chunks);
     * {@code ATOMIC} text is scanned whole on its own and written back (a number in an unknown field, a tool
     * name the request did not declare); {@code VERIFY} text is a protocol field's value (an id, a type, a
     * key): scanned whole on its own and never rewritten — a finding there blocks the choice.
     */
    enum Mode { STREAM, ATOMIC, VERIFY }

    final Mode mode;
    final Channel channel;
    /** The path from the root to the holder; the last step names the leaf itself. */
    final List<Step> path;
    private final ObjectNode holder;
    private final ArrayNode array;
    private final int position;
    /** The value was JSON (not a string): it is scanned as its compact JSON text. */
    final boolean json;
    /** The text scanned for this leaf. */
    final String text;

    private TextLeaf(Mode mode, Channel channel, List<Step> path, ObjectNode holder, ArrayNode array, int position,
                     boolean json, String text) {
        this.mode = mode;
        this.channel = channel;
        this.path = path;
        this.holder = holder;
        this.array = array;
        this.position = position;
        this.json = json;
        this.text = text;
    }

    /**
     * A text field's value: a string, a JSON object or array (scanned as its JSON text, and the channel ends
     * with it), or a number where the protocol has text (scanned as its JSON text as part of the channel, as a
     * client's {@code text += delta} appends it; a number written back unchanged stays a number).
     */
    static TextLeaf inObject(Channel channel, List<Step> path, ObjectNode holder, String field) {
        JsonNode v = holder.get(field);
        boolean json = v.isContainerNode();
        return new TextLeaf(Mode.STREAM, channel, path, holder, null, -1, json, text(v));
    }

    /** A string (or a number, as in {@link #inObject}) in an array. */
    static TextLeaf inArray(Channel channel, List<Step> path, ArrayNode array, int position) {
        return new TextLeaf(Mode.STREAM, channel, path, null, array, position, false, text(array.get(position)));
    }

    /** Whether a value stands where text belongs as text does: a string or a number. */
    static boolean scalarText(JsonNode v) {
        return v != null && (v.isTextual() || v.isNumber());
    }

    private static String text(JsonNode v) {
        return v.isTextual() ? v.textValue() : Json.write(v);
    }

    /** A value scanned whole on its own and written back as the text released (a number becomes a string). */
    static TextLeaf atomic(Channel channel, List<Step> path, ObjectNode holder, String field) {
        return new TextLeaf(Mode.ATOMIC, channel, path, holder, null, -1, false, holder.get(field).asText());
    }

    /** A value in an array, scanned whole on its own and written back. */
    static TextLeaf atomicInArray(Channel channel, List<Step> path, ArrayNode array, int position) {
        return new TextLeaf(Mode.ATOMIC, channel, path, null, array, position, false, array.get(position).asText());
    }

    /** The same place, scanned whole on its own. */
    TextLeaf asAtomic() {
        return new TextLeaf(Mode.ATOMIC, channel, path, holder, array, position, json, text);
    }

    /** A protocol field's value or an object key: scanned whole, never rewritten. */
    static TextLeaf verify(Channel channel, String text) {
        return new TextLeaf(Mode.VERIFY, channel, List.of(), null, null, -1, false, text);
    }

    /** Whether the value is a JSON string (not a number, not JSON text, not a verified value or key). */
    boolean string() {
        JsonNode v = holder != null && field() != null ? holder.get(field()) : array != null ? array.get(position) : null;
        return v != null && v.isTextual();
    }

    /** The object holding the text (null for a string in an array). */
    ObjectNode holder() {
        return holder;
    }

    String field() {
        return holder != null && !path.isEmpty() ? path.get(path.size() - 1).field() : null;
    }

    /**
     * Writes the released text in place of the original.
     *
     * @param whole all of this leaf's text is released (a JSON value can be written back as JSON)
     * @return whether the tree changed
     */
    boolean write(String released, boolean whole) {
        if (released.equals(text) || mode == Mode.VERIFY) {
            return false;
        }
        JsonNode value = TextNode.valueOf(released);
        if (json && whole) {
            try {
                JsonNode parsed = Json.parse(released);
                if (parsed != null && !parsed.isMissingNode()) {
                    value = parsed;
                }
            } catch (IOException e) {
                // stays a string: never forward text the guard did not release
            }
        }
        if (holder != null) {
            holder.set(field(), value);
        } else {
            array.set(position, value);
        }
        return true;
    }

    /** Removes the leaf's value (its text is all held): an empty string in its place. */
    boolean clear() {
        return write("", false);
    }

    /**
     * Appends text at this leaf's path under {@code root}, creating the objects and array elements on the
     * way (with their identity fields), for text released after the leaf's own chunk went out.
     *
     * @return false, changing nothing, when the path meets a value of another shape (the chunk carries
     *         {@code content} as a string where the path needs an array of parts): the caller puts the text in
     *         a chunk of its own
     */
    static boolean appendAt(ObjectNode root, List<Step> path, String text) {
        if (!fits(root, path, 0)) {
            return false;
        }
        ObjectNode at = root;
        for (int i = 0; i < path.size() - 1; i++) {
            at = descend(at, path.get(i));
        }
        Step last = path.get(path.size() - 1);
        if (last.element()) {
            ArrayNode arr = at.get(last.field()) instanceof ArrayNode a ? a : at.putArray(last.field());
            arr.add(text);
            return true;
        }
        JsonNode existing = at.get(last.field());
        at.put(last.field(), existing != null && existing.isTextual() ? existing.textValue() + text : text);
        return true;
    }

    /** Whether every value already on the path has the shape the path needs. */
    private static boolean fits(JsonNode at, List<Step> path, int i) {
        if (at == null || at.isNull() || i == path.size()) {
            return true;
        }
        Step step = path.get(i);
        JsonNode v = at.get(step.field());
        boolean last = i == path.size() - 1;
        if (v == null || v.isNull()) {
            return true;
        }
        if (step.element()) {
            if (!v.isArray()) {
                return false;
            }
            if (last || step.identity() == null) {
                return true;
            }
            for (JsonNode e : v) {
                if (e instanceof ObjectNode o && matches(o, step.identity())) {
                    return fits(o, path, i + 1);
                }
            }
            return true;
        }
        if (last) {
            return v.isTextual();
        }
        return v.isObject() && fits(v, path, i + 1);
    }

    private static ObjectNode descend(ObjectNode at, Step step) {
        if (!step.element()) {
            return at.get(step.field()) instanceof ObjectNode o ? o : at.putObject(step.field());
        }
        ArrayNode arr = at.get(step.field()) instanceof ArrayNode a ? a : at.putArray(step.field());
        if (step.identity() != null) {
            for (JsonNode e : arr) {
                if (e instanceof ObjectNode o && matches(o, step.identity())) {
                    return o;
                }
            }
        }
        ObjectNode e = arr.addObject();
        if (step.identity() != null) {
            e.setAll(step.identity().deepCopy());
        }
        return e;
    }

    private static boolean matches(ObjectNode o, ObjectNode identity) {
        for (var it = identity.fields(); it.hasNext(); ) {
            var f = it.next();
            if (!f.getValue().equals(o.get(f.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
