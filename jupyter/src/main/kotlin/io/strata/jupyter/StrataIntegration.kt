// SPDX-License-Identifier: Apache-2.0
package io.strata.jupyter

import io.strata.models.Model
import io.strata.training.History
import org.jetbrains.kotlinx.jupyter.api.HTML
import org.jetbrains.kotlinx.jupyter.api.MIME
import org.jetbrains.kotlinx.jupyter.api.libraries.JupyterIntegration

/**
 * Strata in the Kotlin notebook kernel, loaded automatically by `@file:DependsOn` of the notebook jar
 * (through `META-INF/kotlin-jupyter-libraries/libraries.json`): imports the DSL, renders a
 * [Model] (a Sequential too) as Keras's summary table and a [History] as a chart.
 *
 * Training progress in a notebook prints one line per epoch (the progress bar is redrawn in place
 * only on a terminal), so a cell's output stays readable.
 */
public class StrataIntegration : JupyterIntegration() {
    override fun Builder.onLoaded() {
        import(
            "io.strata.dsl.*",
            "io.strata.models.Sequential",
            "io.strata.models.Model",
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
    }
}
