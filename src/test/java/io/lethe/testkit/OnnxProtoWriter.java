package io.lethe.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Just enough protobuf and ONNX encoding to write small test models by hand.
 *
 * <p>Neither protobuf-java nor the ONNX schema is on the test classpath, and a model file is only
 * protobuf bytes, so a few wire-format primitives plus the ONNX field numbers (from {@code onnx.proto})
 * are all that is needed. Only the fields the test models use are covered.
 */
final class OnnxProtoWriter {

    // TensorProto.DataType values.
    static final int FLOAT = 1;
    static final int INT64 = 7;

    // AttributeProto.AttributeType values.
    private static final int ATTR_INT = 2;
    private static final int ATTR_INTS = 7;

    // Protobuf wire types.
    private static final int VARINT = 0;
    private static final int LEN = 2;

    private OnnxProtoWriter() {
    }

    /** One protobuf message under construction; fields are appended in call order. */
    static final class Message {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Message varint(int field, long value) {
            tag(field, VARINT);
            writeVarint(value);
            return this;
        }

        Message string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Message message(int field, Message value) {
            return bytes(field, value.toByteArray());
        }

        /** Packed repeated int64: one length-delimited field holding back-to-back varints. */
        Message packedInt64(int field, long[] values) {
            Message body = new Message();
            for (long v : values) {
                body.writeVarint(v);
            }
            return bytes(field, body.toByteArray());
        }

        /** Packed repeated float: one length-delimited field holding little-endian fixed32 values. */
        Message packedFloat(int field, float[] values) {
            byte[] body = new byte[values.length * 4];
            for (int i = 0; i < values.length; i++) {
                int bits = Float.floatToIntBits(values[i]);
                for (int b = 0; b < 4; b++) {
                    body[i * 4 + b] = (byte) (bits >>> (8 * b));
                }
            }
            return bytes(field, body);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private Message bytes(int field, byte[] value) {
            tag(field, LEN);
            writeVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        private void tag(int field, int wireType) {
            writeVarint(((long) field << 3) | wireType);
        }

        // Unsigned base-128; negative int64 values take the full ten bytes, as protobuf requires.
        private void writeVarint(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }

    /** TensorProto with float_data; dims are written unpacked, as proto2 declares them. */
    static Message floatTensor(String name, long[] dims, float[] data) {
        Message t = new Message();
        for (long d : dims) {
            t.varint(1, d);
        }
        return t.varint(2, FLOAT).packedFloat(4, data).string(8, name);
    }

    /** TensorProto with int64_data. */
    static Message int64Tensor(String name, long[] dims, long[] data) {
        Message t = new Message();
        for (long d : dims) {
            t.varint(1, d);
        }
        return t.varint(2, INT64).packedInt64(7, data).string(8, name);
    }

    /** TensorShapeProto.Dimension with a fixed size. */
    static Message dimValue(long size) {
        return new Message().varint(1, size);
    }

    /** TensorShapeProto.Dimension with a symbolic size (e.g. "batch"). */
    static Message dimParam(String name) {
        return new Message().string(2, name);
    }

    /** ValueInfoProto for a tensor of the given element type and shape. */
    static Message tensorValueInfo(String name, int elemType, Message... dims) {
        Message shape = new Message();
        for (Message d : dims) {
            shape.message(1, d);
        }
        Message tensorType = new Message().varint(1, elemType).message(2, shape);
        Message type = new Message().message(1, tensorType);
        return new Message().string(1, name).message(2, type);
    }

    /** AttributeProto holding one int. */
    static Message intAttribute(String name, long value) {
        return new Message().string(1, name).varint(3, value).varint(20, ATTR_INT);
    }

    /** AttributeProto holding a list of ints (unpacked, as proto2 declares {@code ints}). */
    static Message intsAttribute(String name, long... values) {
        Message a = new Message().string(1, name);
        for (long v : values) {
            a.varint(8, v);
        }
        return a.varint(20, ATTR_INTS);
    }

    /** NodeProto in the default ("") operator domain. */
    static Message node(String name, String opType, List<String> inputs, List<String> outputs,
            Message... attributes) {
        Message n = new Message();
        inputs.forEach(i -> n.string(1, i));
        outputs.forEach(o -> n.string(2, o));
        n.string(3, name).string(4, opType);
        for (Message a : attributes) {
            n.message(5, a);
        }
        return n;
    }

    /** GraphProto; nodes must already be in topological order, as ONNX requires. */
    static Message graph(String name, List<Message> nodes, List<Message> initializers,
            List<Message> inputs, List<Message> outputs) {
        Message g = new Message();
        nodes.forEach(n -> g.message(1, n));
        g.string(2, name);
        initializers.forEach(i -> g.message(5, i));
        inputs.forEach(i -> g.message(11, i));
        outputs.forEach(o -> g.message(12, o));
        return g;
    }

    /** Serialized ModelProto importing a single version of the default operator set. */
    static byte[] model(Message graph, String producer, long irVersion, long opsetVersion) {
        Message opset = new Message().string(1, "").varint(2, opsetVersion);
        return new Message()
                .varint(1, irVersion)
                .string(2, producer)
                .message(7, graph)
                .message(8, opset)
                .toByteArray();
    }
}
