// SPDX-License-Identifier: Apache-2.0
package io.strata.jupyter

import org.tensorflow.ndarray.FloatNdArray
import java.math.BigDecimal

/**
 * An array's values as numpy shows them: `array([[0.1, 0.9], …], dtype=float32)`, summarised like
 * numpy's repr above 1,000 values (the first and last 3 along each axis, `...` between), and as an
 * HTML table for vectors and matrices.
 */
public object ArrayRendering {
    private const val THRESHOLD = 1000
    private const val EDGE = 3

    /** numpy's `repr` of [array] (float32, numpy's default print options). */
    public fun repr(array: FloatNdArray): String {
        val shape = array.shape().asArray()
        val summarise = array.size() > THRESHOLD
        val shown = ArrayList<Float>()
        collect(array, shape, IntArray(0), summarise, shown)
        val cells = Cells(shown)
        val body = StringBuilder()
        format(array, shape, IntArray(0), summarise, cells, body, "array(".length + 1)
        return "array(" + body + ", dtype=float32)"
    }

    /** [array] as an HTML table: rows of a matrix (a vector as one row), with numpy's summary for large ones. */
    public fun html(array: FloatNdArray): String {
        val shape = array.shape().asArray()
        if (shape.size !in 1..2) return "<pre>" + repr(array) + "</pre>"
        val rows = if (shape.size == 2) shape[0] else 1L
        val cols = shape.last()
        val summarise = array.size() > THRESHOLD
        val values = ArrayList<Float>()
        collect(array, shape, IntArray(0), summarise, values)
        val cells = Cells(values)
        fun value(r: Long, c: Long): Float = if (shape.size == 2) array.getFloat(r, c) else array.getFloat(c)
        return buildString {
            append("<table class=\"strata-array\"><caption>float32 array, shape ")
            append(shape.joinToString(", ", "(", if (shape.size == 1) ",)" else ")")).append("</caption>")
            for (r in indices(rows, summarise)) {
                append("<tr>")
                for (c in indices(cols, summarise)) {
                    append("<td style=\"text-align:right\">")
                    append(if (r < 0 || c < 0) "…" else cells.text(value(r, c)).trim())
                    append("</td>")
                }
                append("</tr>")
            }
            append("</table>")
        }
    }

    /** The indices shown along an axis of [n], with -1 where numpy prints `...`. */
    private fun indices(n: Long, summarise: Boolean): List<Long> =
        if (!summarise || n <= 2 * EDGE) (0 until n).toList() else (0 until EDGE.toLong()) + listOf(-1L) + (n - EDGE until n)

    private fun collect(a: FloatNdArray, shape: LongArray, at: IntArray, summarise: Boolean, out: MutableList<Float>) {
        if (at.size == shape.size) {
            out.add(a.getFloat(*at.map { it.toLong() }.toLongArray()))
            return
        }
        for (i in indices(shape[at.size], summarise)) {
            if (i >= 0) collect(a, shape, at + i.toInt(), summarise, out)
        }
    }

    private fun format(a: FloatNdArray, shape: LongArray, at: IntArray, summarise: Boolean, cells: Cells, out: StringBuilder, indent: Int) {
        if (shape.isEmpty()) {
            out.append(cells.text(a.getFloat()).trim())
            return
        }
        val depth = at.size
        if (depth == shape.size) {
            out.append(cells.text(a.getFloat(*at.map { it.toLong() }.toLongArray())))
            return
        }
        out.append('[')
        val idx = indices(shape[depth], summarise)
        val innermost = depth == shape.size - 1
        idx.forEachIndexed { k, i ->
            if (k > 0) {
                if (innermost) out.append(", ") else out.append(",").append("\n".repeat(shape.size - depth - 1)).append(" ".repeat(indent + depth))
            }
            if (i < 0) out.append("...") else format(a, shape, at + i.toInt(), summarise, cells, out, indent)
        }
        out.append(']')
    }

    /**
     * numpy's float formatting (`floatmode='maxprec'`) for the values shown: each value's shortest
     * digits, padded with spaces to the most decimals any needs (`0.1 `, `1.  `), or, when the values
     * span more than three orders of magnitude or are tiny or huge, scientific with a common mantissa
     * precision; all right-aligned to one width.
     */
    private class Cells(values: List<Float>) {
        private val scientific: Boolean
        private val decimals: Int
        private val width: Int

        init {
            val nonZero = values.filter { it.isFinite() && it != 0f }.map { Math.abs(it) }
            val max = nonZero.maxOrNull() ?: 0f
            val min = nonZero.minOrNull() ?: 0f
            scientific = nonZero.isNotEmpty() && (max >= 1e8f || min < 1e-4f || max / min > 1e3f)
            decimals = values.filter { it.isFinite() }.maxOfOrNull { if (scientific) mantissaDigits(it) else fractionDigits(it) } ?: 0
            width = values.maxOfOrNull { raw(it).length } ?: 1
        }

        private fun fractionDigits(v: Float): Int = BigDecimal(v.toString()).stripTrailingZeros().scale().coerceAtLeast(0)

        private fun mantissaDigits(v: Float): Int =
            (0..8).firstOrNull { String.format(java.util.Locale.ROOT, "%.${it}e", v).toFloat() == v } ?: 8

        private fun raw(v: Float): String = when {
            v.isNaN() -> "nan"
            v.isInfinite() -> if (v > 0) "inf" else "-inf"
            scientific -> String.format(java.util.Locale.ROOT, "%.${decimals}e", v)
            else -> {
                val digits = fractionDigits(v)
                val s = BigDecimal(v.toString()).setScale(digits, java.math.RoundingMode.HALF_EVEN).toPlainString()
                (if (digits == 0) "$s." else s) + " ".repeat(decimals - digits)
            }
        }

        fun text(v: Float): String = raw(v).padStart(width)
    }
}
