// SPDX-License-Identifier: Apache-2.0
package io.strata.jupyter

import io.strata.models.Model
import io.strata.training.History
import org.jetbrains.letsPlot.commons.encoding.RGBEncoder
import org.jetbrains.letsPlot.core.util.PlotSvgExportCommon
import org.jetbrains.letsPlot.geom.geomLine
import org.jetbrains.letsPlot.geom.geomPoint
import org.jetbrains.letsPlot.intern.toSpec
import org.jetbrains.letsPlot.label.ggtitle
import org.jetbrains.letsPlot.label.labs
import org.jetbrains.letsPlot.letsPlot
import org.jetbrains.letsPlot.facet.facetWrap
import org.jetbrains.letsPlot.ggsize
import org.jetbrains.letsPlot.scale.scaleColorManual
import org.jetbrains.letsPlot.scale.scaleXContinuous

/** How Strata objects look in a notebook: a model as Keras's summary table, a history as a chart. */
public object Rendering {
    /**
     * Keras's summary of [model] as an HTML table (same rows and totals as `summary()`, with the
     * "Connected to" column for graph models).
     */
    public fun summaryHtml(model: Model): String = buildString {
        val rows = model.layerSummaries()
        val graph = rows.any { it.connectedTo().isNotEmpty() }
        val columns = if (graph) 4 else 3
        val total = rows.sumOf { it.params() }
        val trainable = rows.sumOf { it.trainableParams() }
        append("<table class=\"strata-summary\">")
        append("<caption>Model: ").append(escape(model.name())).append("</caption>")
        append("<thead><tr><th>Layer (type)</th><th>Output Shape</th><th>Param #</th>")
        if (graph) append("<th>Connected to</th>")
        append("</tr></thead><tbody>")
        for (r in rows) {
            append("<tr><td>").append(escape("${r.name()} (${r.className()})")).append("</td><td>")
                .append(escape(r.outputShapeText())).append("</td><td style=\"text-align:right\">")
                .append(r.params()).append("</td>")
            if (graph) append("<td>").append(r.connectedTo().joinToString("<br>") { escape(it) }).append("</td>")
            append("</tr>")
        }
        append("</tbody><tfoot>")
        append("<tr><td colspan=\"$columns\">Total params: ").append(String.format("%,d", total)).append("</td></tr>")
        append("<tr><td colspan=\"$columns\">Trainable params: ").append(String.format("%,d", trainable)).append("</td></tr>")
        append("<tr><td colspan=\"$columns\">Non-trainable params: ").append(String.format("%,d", total - trainable))
            .append("</td></tr>")
        append("</tfoot></table>")
    }

    /**
     * The per-epoch curves of [history] as an SVG chart (lets-plot, rendered on the JVM), as keras for
     * R's `plot(history)` draws them: one panel per quantity (loss, then each metric) with its own
     * y-axis, training and validation in the same two colours in every panel, and whole epochs on the
     * x-axis.
     */
    public fun historySvg(history: History): String {
        val epochs = history.epoch()
        val xs = ArrayList<Int>()
        val ys = ArrayList<Double>()
        val quantity = ArrayList<String>()
        val split = ArrayList<String>()
        val order = ArrayList<String>()
        for (name in history.metricNames()) {
            val base = name.removePrefix("val_")
            if (base !in order) order.add(base)
            history.metric(name).forEachIndexed { i, v ->
                xs.add(epochs[i] + 1)
                ys.add(v)
                quantity.add(base)
                split.add(if (name.startsWith("val_")) "validation" else "training")
            }
        }
        val data = mapOf("epoch" to xs, "value" to ys, "quantity" to quantity, "data" to split)
        val plot = letsPlot(data) { x = "epoch"; y = "value"; color = "data" } +
            geomLine() + geomPoint() +
            facetWrap(facets = "quantity", ncol = 1, scales = "free_y", order = 0) +
            scaleColorManual(values = listOf("#1f77b4", "#ff7f0e"), limits = listOf("training", "validation")) +
            scaleXContinuous(breaks = epochTicks(xs.maxOrNull() ?: 1), format = "d") +
            labs(x = "epoch", y = null) + ggtitle("Training history") + ggsize(600, 180 + 170 * order.size)
        val noRaster = object : RGBEncoder {
            override fun toDataUrl(width: Int, height: Int, argbValues: IntArray): String = ""
        }
        return PlotSvgExportCommon.buildSvgImageFromRawSpecs(plot.toSpec(), null, noRaster, true)
    }

    /** Whole-epoch ticks: every epoch up to 10, else about 10 evenly spaced whole numbers. */
    internal fun epochTicks(last: Int): List<Int> {
        if (last <= 10) return (1..last).toList()
        val step = listOf(2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000).firstOrNull { last / it <= 10 } ?: (last / 10)
        return listOf(1) + (step..last step step).toList()
    }

    private fun escape(s: String): String = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
}
