// SPDX-License-Identifier: Apache-2.0
package io.strata.callbacks;

import io.strata.InvalidConfigException;
import io.strata.training.Logs;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code str.format} for checkpoint file names, as {@code ModelCheckpoint} applies it:
 * {@code {epoch:02d}}, {@code {val_loss:.2f}}, {@code {loss}}, {@code {{}} and {@code }}}, with the
 * format-spec mini-language's fill, alignment, sign, zero padding, width, precision and the types
 * {@code d}, {@code f}, {@code e}, {@code g}, {@code %} and {@code s}.
 */
final class PythonFormat {
    private static final Pattern SPEC = Pattern.compile(
            "(?:(.)?([<>=^]))?([+\\- ])?(#)?(0)?(\\d+)?(,)?(?:\\.(\\d+))?([bcdeEfFgGnosxX%])?");

    private PythonFormat() {}

    /**
     * {@code template} with each {@code {name[:spec]}} replaced by {@code values.get(name)} (accuracy
     * names in either spelling, see {@link Logs}).
     *
     * @throws InvalidConfigException for a name the values lack, or a spec that does not parse
     */
    static String format(String template, Map<String, ? extends Number> values, String what) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
                out.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                out.append('}');
                i += 2;
            } else if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) {
                    throw new InvalidConfigException(what + ": unmatched '{' in \"" + template + "\".");
                }
                String field = template.substring(i + 1, end);
                int colon = field.indexOf(':');
                String name = colon < 0 ? field : field.substring(0, colon);
                String spec = colon < 0 ? "" : field.substring(colon + 1);
                Number v = Logs.get(values, name);
                if (v == null) {
                    throw new InvalidConfigException(what + ": the file name \"" + template + "\" uses {" + name + "}, but "
                            + "the epoch's logs have only " + values.keySet() + ". Use one of those names (or compile "
                            + "with the metric, or pass validation data for val_ names).");
                }
                out.append(formatValue(v, spec, what));
                i = end + 1;
            } else if (c == '}') {
                throw new InvalidConfigException(what + ": single '}' in \"" + template + "\"; write '}}' for a brace.");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    static String formatValue(Number v, String spec, String what) {
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) {
            throw new InvalidConfigException(what + ": format spec '" + spec + "' is not Python's [[fill]align][sign][0]"
                    + "[width][.precision][type].");
        }
        String fill = m.group(1);
        String align = m.group(2);
        String sign = m.group(3);
        boolean zero = m.group(5) != null;
        int width = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        boolean comma = m.group(7) != null;
        Integer precision = m.group(8) == null ? null : Integer.parseInt(m.group(8));
        String type = m.group(9);
        boolean integral = v instanceof Integer || v instanceof Long;
        double d = v.doubleValue();
        String body;
        if (type == null) {
            body = integral ? Long.toString(Math.abs(v.longValue()))
                    : precision != null ? general(Math.abs(d), precision, false) : pythonRepr(Math.abs(d));
        } else {
            body = switch (type) {
                case "d", "n" -> {
                    if (!integral && d != Math.rint(d)) {
                        throw new InvalidConfigException(what + ": format code 'd' needs an integer, got " + d + ".");
                    }
                    yield Long.toString(Math.abs((long) d));
                }
                case "f", "F" -> fixed(Math.abs(d), precision == null ? 6 : precision);
                case "e", "E" -> exponent(Math.abs(d), precision == null ? 6 : precision, type.equals("E"));
                case "g", "G" -> general(Math.abs(d), precision == null ? 6 : precision, type.equals("G"));
                case "%" -> fixed(Math.abs(d) * 100, precision == null ? 6 : precision) + "%";
                case "s" -> integral ? Long.toString(v.longValue()) : pythonRepr(d);
                default -> throw new InvalidConfigException(what + ": format code '" + type + "' is not supported for "
                        + "numbers here; use d, f, e, g, % or s.");
            };
            if (type.equals("s")) {
                return pad(body, fill, align == null ? "<" : align, width, false);
            }
        }
        if (comma) {
            int dot = body.indexOf('.');
            String whole = dot < 0 ? body : body.substring(0, dot);
            if (whole.chars().allMatch(Character::isDigit)) {
                whole = String.format(Locale.ROOT, "%,d", Long.parseLong(whole));
                body = dot < 0 ? whole : whole + body.substring(dot);
            }
        }
        String s = d < 0 || (d == 0 && 1 / d < 0 && !integral) ? "-" : "+".equals(sign) ? "+" : " ".equals(sign) ? " " : "";
        if (zero && align == null) {
            fill = "0";
            align = "=";
        }
        return pad(s + body, fill, align == null ? ">" : align, width, true);
    }

    private static String pad(String s, String fill, String align, int width, boolean numeric) {
        if (s.length() >= width) {
            return s;
        }
        String f = fill == null ? " " : fill;
        int n = width - s.length();
        return switch (align) {
            case "<" -> s + f.repeat(n);
            case "^" -> f.repeat(n / 2) + s + f.repeat(n - n / 2);
            case "=" -> {
                int signLen = !s.isEmpty() && "+- ".indexOf(s.charAt(0)) >= 0 && numeric ? 1 : 0;
                yield s.substring(0, signLen) + f.repeat(n) + s.substring(signLen);
            }
            default -> f.repeat(n) + s;
        };
    }

    private static String fixed(double d, int precision) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return "inf";
        }
        return new BigDecimal(d).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String exponent(double d, int precision, boolean upper) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.isNaN(d) ? "nan" : "inf";
        }
        String s = String.format(Locale.ROOT, "%." + precision + "e", d);
        // Java writes e+05 as e+05 already; Python uses at least two exponent digits too.
        return upper ? s.toUpperCase(Locale.ROOT) : s;
    }

    private static String general(double d, int precision, boolean upper) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.isNaN(d) ? "nan" : "inf";
        }
        int p = precision == 0 ? 1 : precision;
        if (d == 0) {
            return "0";
        }
        int exp = (int) Math.floor(Math.log10(new BigDecimal(d).round(new java.math.MathContext(p)).doubleValue()));
        String s;
        if (exp >= -4 && exp < p) {
            s = new BigDecimal(d).setScale(Math.max(0, p - 1 - exp), RoundingMode.HALF_EVEN).toPlainString();
            if (s.contains(".")) {
                s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
        } else {
            s = String.format(Locale.ROOT, "%." + (p - 1) + "e", d);
            String mantissa = s.substring(0, s.indexOf('e'));
            if (mantissa.contains(".")) {
                mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            s = mantissa + s.substring(s.indexOf('e'));
        }
        return upper ? s.toUpperCase(Locale.ROOT) : s;
    }

    /** Python's {@code repr} of a float. */
    private static String pythonRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return "inf";
        }
        String s = io.strata.saving.KerasJson.write(d);
        return s;
    }
}
