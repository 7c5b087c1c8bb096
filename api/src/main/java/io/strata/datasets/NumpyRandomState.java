// SPDX-License-Identifier: Apache-2.0
package io.strata.datasets;

/**
 * NumPy's legacy {@code np.random.RandomState(seed).shuffle}: the Mersenne Twister (MT19937) seeded as
 * NumPy seeds it from an integer, and its Fisher-Yates shuffle drawing bounded integers by masked
 * rejection. Keras splits Boston Housing (seed 113) and shuffles IMDB and Reuters with it; the same
 * seed gives the same split as Keras.
 */
final class NumpyRandomState {
    private final int[] mt = new int[624];
    private int index = 624;

    NumpyRandomState(long seed) {
        mt[0] = (int) seed;
        for (int i = 1; i < 624; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
    }

    private int next32() {
        if (index >= 624) {
            for (int i = 0; i < 624; i++) {
                int y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);
                mt[i] = mt[(i + 397) % 624] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            index = 0;
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** A uniform integer in {@code [0, max]}: NumPy's {@code rk_interval}. */
    long interval(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        mask |= mask >>> 32;
        long value;
        if (max <= 0xffffffffL) {
            do {
                value = (next32() & 0xffffffffL) & mask;
            } while (value > max);
        } else {
            do {
                value = (((next32() & 0xffffffffL) << 32) | (next32() & 0xffffffffL)) & mask;
            } while (value > max);
        }
        return value;
    }

    /** {@code RandomState.shuffle} of {@code a}, in place. */
    void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = (int) interval(i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
