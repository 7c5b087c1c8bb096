// SPDX-License-Identifier: Apache-2.0
package io.strata.jupyter

import io.strata.models.Model
import io.strata.training.History
import org.jetbrains.kotlinx.jupyter.api.HTML
import org.jetbrains.kotlinx.jupyter.api.MIME
import org.jetbrains.kotlinx.jupyter.api.libraries.JupyterIntegration
import org.tensorflow.ndarray.FloatNdArray

/**
 * Strata in the Kotlin notebook kernel, loaded automatically by `@file:DependsOn("io.strata:strata-jupyter:…")`
 * (through `META-INF/kotlin-jupyter-libraries/libraries.json`):
 * - imports the whole DSL, and notebook versions of `fit`, `evaluate` and `predict` that run in the
 *   cell (no `runBlocking`; the kernel's interrupt stops training at the next batch);
 * - renders a [Model] as Keras's summary table, a [History] as a chart faceted by quantity, and an
 *   array (a prediction) as its values, summarised like numpy's repr;
 * - shows training progress as Keras's bar, redrawn in place, ending with Keras's per-epoch lines.
 */
public class StrataIntegration : JupyterIntegration() {
    override fun Builder.onLoaded() {
        if (System.getProperty("strata.progress") == null) {
            System.setProperty("strata.progress", "dynamic")
        }
        import(
            "io.strata.dsl.*",
            "io.strata.jupyter.fit",
            "io.strata.jupyter.evaluate",
            "io.strata.jupyter.predict",
            "io.strata.jupyter.predictOutputs",
            "io.strata.models.Sequential",
            "io.strata.models.Model",
            "io.strata.models.Models",
            "io.strata.models.Merge",
            "io.strata.layers.Input",
            "io.strata.layers.SymbolicTensor",
            "io.strata.training.*",
            "io.strata.callbacks.*",
            "io.strata.data.Utils",
            "kotlinx.coroutines.runBlocking",
        )
        render<Model> { HTML(Rendering.summaryHtml(it)) }
        render<History> {
            MIME("image/svg+xml" to Rendering.historySvg(it), "text/plain" to it.toString())
        }
        render<FloatNdArray> {
            MIME("text/html" to ArrayRendering.html(it), "text/plain" to ArrayRendering.repr(it))
        }
    }
}
