// SPDX-License-Identifier: Apache-2.0
package io.strata.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Number formatting as Python's {@code %} operator does it, for Keras-identical output. */
public final class Format {
    private Format() {}

    /** Python's {@code '%.0f' % v} (round half to even). */
    public static String fixed0(double v) {
        return new BigDecimal(v).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Keras's metric format: {@code %.4f}, or {@code %.4e} when {@code |v| <= 1e-3}. */
    public static String metric(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (Math.abs(v) > 1e-3) {
            return new BigDecimal(v).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
        }
        String s = String.format(Locale.ROOT, "%.4e", v);
        // Java writes e-05 as e-05 too, but e+00 as e+00: both match Python.
        return s;
    }

    /** Keras's ETA: {@code h:mm:ss}, {@code m:ss} or {@code Ns}. */
    public static String eta(double seconds) {
        long s = (long) seconds;
        if (seconds > 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
        }
        if (seconds > 60) {
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
        return s + "s";
    }

    /** Python's {@code '{:,}'.format(n)}. */
    public static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
