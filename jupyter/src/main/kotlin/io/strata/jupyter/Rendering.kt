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
     * The per-epoch curves of [history] as an SVG chart (lets-plot, rendered on the JVM): one line per
     * log, training and validation values of the same metric sharing a colour family.
     */
    public fun historySvg(history: History): String {
        val epochs = history.epoch()
        val xs = ArrayList<Int>()
        val ys = ArrayList<Double>()
        val series = ArrayList<String>()
        for (name in history.metricNames()) {
            history.metric(name).forEachIndexed { i, v ->
                xs.add(epochs[i] + 1)
                ys.add(v)
                series.add(name)
            }
        }
        val data = mapOf("epoch" to xs, "value" to ys, "metric" to series)
        val plot = letsPlot(data) { x = "epoch"; y = "value"; color = "metric" } +
            geomLine() + geomPoint() + labs(x = "epoch", y = "value") + ggtitle("Training history")
        val noRaster = object : RGBEncoder {
            override fun toDataUrl(width: Int, height: Int, argbValues: IntArray): String = ""
        }
        return PlotSvgExportCommon.buildSvgImageFromRawSpecs(plot.toSpec(), null, noRaster, true)
    }

    private fun escape(s: String): String = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
}
