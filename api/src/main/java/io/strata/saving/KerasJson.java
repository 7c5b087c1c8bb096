// SPDX-License-Identifier: Apache-2.0
package io.strata.saving;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.strata.InvalidConfigException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Keras's JSON: parsing any JSON Keras, tf.keras or tfjs writes (Python's {@code NaN} and
 * {@code Infinity} included) into {@link Config} trees, and writing trees the way Python's
 * {@code json.dumps} does ({@code ", "} and {@code ": "} separators, ASCII with {@code \\uXXXX}
 * escapes, floats as Python's {@code repr}: {@code 1e-07}, {@code 0.001}, {@code 1.0}).
 */
public final class KerasJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactory())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private KerasJson() {}

    /**
     * Parses JSON into a value: a {@link Config} for an object, a {@link List} for an array.
     *
     * @throws InvalidConfigException for text that is not JSON, naming {@code what} and the position
     */
    public static @Nullable Object parse(String json, String what) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException(what + " is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ").", e);
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidConfigException(what + " is empty; expected a JSON object.");
        }
        return convert(node);
    }

    /** Parses a JSON object into a config, naming {@code what} in errors. */
    public static Config parseObject(String json, String what) {
        Object v = parse(json, what);
        if (!(v instanceof Config c)) {
            throw new InvalidConfigException(what + " must be a JSON object ({...}), got " + abbreviate(json) + ".");
        }
        return c.describing(what);
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 60 ? t.substring(0, 57) + "..." : t;
    }

    private static @Nullable Object convert(JsonNode n) {
        if (n.isObject()) {
            Config c = Config.create();
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                c.put(e.getKey(), convert(e.getValue()));
            }
            return c;
        }
        if (n.isArray()) {
            List<@Nullable Object> out = new ArrayList<>();
            n.forEach(x -> out.add(convert(x)));
            return out;
        }
        if (n.isNull()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : (Object) n.doubleValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        throw new InvalidConfigException("Unsupported JSON value: " + n);
    }

    /** Writes a config value (a {@link Config}, a list, a string, a number, a boolean or null) as JSON. */
    public static String write(@Nullable Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, Config.normalize(value));
        return sb.toString();
    }

    private static void write(StringBuilder sb, @Nullable Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Long l) {
            sb.append(l);
        } else if (v instanceof Double d) {
            sb.append(pythonFloat(d));
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                write(sb, l.get(i));
            }
            sb.append(']');
        } else if (v instanceof Config c) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, @Nullable Object> e : c.asMap().entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                string(sb, e.getKey());
                sb.append(": ");
                write(sb, e.getValue());
            }
            sb.append('}');
        } else {
            throw new IllegalArgumentException("not a config value: " + v);
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Python's {@code repr} of a float: the shortest digits, scientific below 1e-4 and from 1e16. */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = b.unscaledValue().abs().toString();
        // The decimal exponent of the first digit: value = 0.d1d2... * 10^(point)
        int point = digits.length() - b.scale();
        String sign = d < 0 ? "-" : "";
        int exp = point - 1;
        if (exp >= -4 && exp < 16) {
            if (point <= 0) {
                return sign + "0." + "0".repeat(-point) + digits;
            }
            if (point >= digits.length()) {
                return sign + digits + "0".repeat(point - digits.length()) + ".0";
            }
            return sign + digits.substring(0, point) + "." + digits.substring(point);
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String e = String.valueOf(Math.abs(exp));
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
}
