// SPDX-License-Identifier: Apache-2.0
package io.strata.datasets;

import io.strata.DataException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the one kind of pickle Keras's word-index data sets hold: a NumPy object array (as
 * {@code np.save} writes it, pickle protocols 2 to 4) whose elements are Python lists of ints, such as
 * {@code imdb.npz}'s {@code x_train}. It runs the pickle opcodes that such a file uses, building plain
 * values (lists, numbers, strings, tuples) and records for the NumPy calls it names; nothing is
 * looked up or executed, so a file cannot run code.
 */
final class NumpyPickle {
    private NumpyPickle() {}

    private record Global(String module, String name) {}

    private static final class Reduced {
        final Object callable;
        final Object args;
        Object state;

        Reduced(Object callable, Object args) {
            this.callable = callable;
            this.args = args;
        }
    }

    private static final Object MARK = new Object();

    /** The elements of a pickled object array of int lists, in order. */
    static List<int[]> intLists(byte[] pickle, String name) {
        Object top = run(pickle, name);
        if (!(top instanceof Reduced r) || !(r.state instanceof List<?> state) || state.size() < 5 || !(state.get(4) instanceof List<?> items)) {
            throw new DataException(name + " is not a pickled NumPy object array of sequences.");
        }
        List<int[]> out = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof List<?> seq)) {
                throw new DataException(name + ": an element is " + (item == null ? "None" : item.getClass().getSimpleName())
                        + ", not a list of word indices.");
            }
            int[] v = new int[seq.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = ((Number) seq.get(i)).intValue();
            }
            out.add(v);
        }
        return out;
    }

    private static Object run(byte[] bytes, String name) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Object> stack = new ArrayList<>();
        Map<Integer, Object> memo = new HashMap<>();
        while (b.hasRemaining()) {
            int op = b.get() & 0xff;
            switch (op) {
                case 0x80 -> b.get(); // PROTO
                case 0x95 -> b.getLong(); // FRAME
                case '.' -> {
                    return stack.remove(stack.size() - 1);
                }
                case '(' -> stack.add(MARK);
                case ')' -> stack.add(new ArrayList<>());
                case ']' -> stack.add(new ArrayList<>());
                case '}' -> stack.add(new LinkedHashMap<>());
                case 'N' -> stack.add(null);
                case 0x88 -> stack.add(Boolean.TRUE);
                case 0x89 -> stack.add(Boolean.FALSE);
                case 'J' -> stack.add((long) b.getInt());
                case 'K' -> stack.add((long) (b.get() & 0xff));
                case 'M' -> stack.add((long) (b.getShort() & 0xffff));
                case 0x8a -> stack.add(long1(b));
                case 'G' -> {
                    b.order(ByteOrder.BIG_ENDIAN);
                    stack.add(b.getDouble());
                    b.order(ByteOrder.LITTLE_ENDIAN);
                }
                case 'X' -> stack.add(string(b, b.getInt()));
                case 0x8c -> stack.add(string(b, b.get() & 0xff));
                case 'C' -> stack.add(bytes(b, b.get() & 0xff));
                case 'B' -> stack.add(bytes(b, b.getInt()));
                case 'c' -> stack.add(new Global(line(b), line(b)));
                case 0x93 -> {
                    String n = (String) stack.remove(stack.size() - 1);
                    String m = (String) stack.remove(stack.size() - 1);
                    stack.add(new Global(m, n));
                }
                case 'q' -> memo.put(b.get() & 0xff, top(stack));
                case 'r' -> memo.put(b.getInt(), top(stack));
                case 0x94 -> memo.put(memo.size(), top(stack));
                case 'h' -> stack.add(memo.get(b.get() & 0xff));
                case 'j' -> stack.add(memo.get(b.getInt()));
                case 't' -> stack.add(popToMark(stack));
                case 0x85 -> stack.add(tuple(stack, 1));
                case 0x86 -> stack.add(tuple(stack, 2));
                case 0x87 -> stack.add(tuple(stack, 3));
                case 'a' -> {
                    Object v = stack.remove(stack.size() - 1);
                    list(top(stack), name).add(v);
                }
                case 'e' -> {
                    List<Object> items = popToMark(stack);
                    list(top(stack), name).addAll(items);
                }
                case 's' -> {
                    Object v = stack.remove(stack.size() - 1);
                    Object k = stack.remove(stack.size() - 1);
                    map(top(stack), name).put(k, v);
                }
                case 'u' -> {
                    List<Object> kv = popToMark(stack);
                    Map<Object, Object> m = map(top(stack), name);
                    for (int i = 0; i + 1 < kv.size(); i += 2) {
                        m.put(kv.get(i), kv.get(i + 1));
                    }
                }
                case 'R', 0x81 -> {
                    Object args = stack.remove(stack.size() - 1);
                    Object callable = stack.remove(stack.size() - 1);
                    stack.add(new Reduced(callable, args));
                }
                case 'b' -> {
                    Object state = stack.remove(stack.size() - 1);
                    if (top(stack) instanceof Reduced r) {
                        r.state = state;
                    }
                }
                default -> throw new DataException(name + ": pickle opcode 0x" + Integer.toHexString(op) + " at byte " + (b.position() - 1)
                        + " is not one a NumPy object array of int lists uses.");
            }
        }
        throw new DataException(name + ": the pickle ends without its STOP opcode (a truncated file).");
    }

    private static Object top(List<Object> stack) {
        return stack.get(stack.size() - 1);
    }

    private static List<Object> popToMark(List<Object> stack) {
        int m = stack.lastIndexOf(MARK);
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private static List<Object> tuple(List<Object> stack, int n) {
        List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        stack.subList(stack.size() - n, stack.size()).clear();
        return items;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String name) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new DataException(name + ": a pickle APPEND on something that is not a list.");
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Object o, String name) {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw new DataException(name + ": a pickle SETITEM on something that is not a dict.");
    }

    private static long long1(ByteBuffer b) {
        int n = b.get() & 0xff;
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (b.get() & 0xff) << (8 * i);
        }
        if (n > 0 && n < 8 && (v >>> (8 * n - 1) & 1) == 1) {
            v -= 1L << (8 * n);
        }
        return v;
    }

    private static String string(ByteBuffer b, int n) {
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer b, int n) {
        byte[] s = new byte[n];
        b.get(s);
        return s;
    }

    private static String line(ByteBuffer b) {
        StringBuilder s = new StringBuilder();
        for (char c; (c = (char) b.get()) != '\n'; ) {
            s.append(c);
        }
        return s.toString();
    }
}
