// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.layers.Layer
import io.strata.models.Sequential
import org.jetbrains.kotlin.cli.common.ExitCode
import org.jetbrains.kotlin.cli.jvm.K2JVMCompiler
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream
import java.nio.file.Files

/** Shapes and sizes as Keras takes them (one int, a pair, a list), and what must not compile. */
class KerasArgumentsSpec : FunSpec({

    fun config(m: Sequential, i: Int, key: String): Any? = (m.layers()[i] as Layer).getConfig().get(key)

    test("a kernel, strides and pool size are one int, a pair or a list, as in Keras") {
        val m = sequential {
            conv2d(8, 3, strides = 2, inputShape = listOf(11, 11, 3))
            conv2d(8, kernelSize = 3 to 1, strides = 1 to 1, padding = "same")
            conv2d(8, listOf(1, 3))
            maxPooling2d(2)
            averagePooling2d(1 to 1, strides = 1 to 1)
            zeroPadding2d(1)
            upSampling2d(2 to 1)
        }
        config(m, 0, "kernel_size") shouldBe listOf(3, 3)
        config(m, 0, "strides") shouldBe listOf(2, 2)
        config(m, 1, "kernel_size") shouldBe listOf(3, 1)
        config(m, 2, "kernel_size") shouldBe listOf(1, 3)
        config(m, 3, "pool_size") shouldBe listOf(2, 2)
        config(m, 4, "pool_size") shouldBe listOf(1, 1)
        m.outputShape().toString() shouldBe "(None, 8, 3, 8)" // 11 -> 5 (stride 2) -> 5 -> 5x3 -> 2x1 -> 2x1 -> 4x3 -> 8x3
    }

    test("inputShape with Ints, inputDim and inputLength as properties in a block") {
        val timesteps = 10
        val dataDim = 64
        val a = sequential { lstm(32) { inputShape(timesteps, dataDim) } }
        a.inputShape().toString() shouldBe "(None, 10, 64)"
        val b = sequential { dense(5) { inputDim = 20 } }
        b.inputShape().toString() shouldBe "(None, 20)"
        val c = sequential { conv1d(4, 3) { inputDim = 7; inputLength = 12 } }
        c.inputShape().toString() shouldBe "(None, 12, 7)"
        val d = sequential { simpleRnn(4, returnSequences = true) { inputShape(3, 2) }; gru(2) }
        d.outputShape().toString() shouldBe "(None, 2)"
        d.layers()[0].javaClass.simpleName shouldBe "SimpleRNN"
    }

    test("the Conv2D block takes strides and dilation as one int or several") {
        val m = sequential {
            conv2d(4, 3, inputShape = listOf(9, 9, 1)) {
                strides(2)
                padding("same")
            }
            conv2d(4, 3) { dilationRate(2, 1) }
        }
        config(m, 0, "strides") shouldBe listOf(2, 2)
        config(m, 0, "padding") shouldBe "same"
        config(m, 1, "dilation_rate") shouldBe listOf(2, 1)
    }

    test("Keras 1 names still build the same layers (deprecated, so that Keras 2 names come first)") {
        @Suppress("DEPRECATION")
        val m = sequential {
            lstm(output_dim = 6, inner_activation = hardSigmoid, inputShape = listOf(4, 3), returnSequences = true)
            gru(output_dim = 5)
            dense(2, init = uniform, bias = false)
        }
        config(m, 0, "units") shouldBe 6
        config(m, 0, "recurrent_activation") shouldBe "hard_sigmoid"
        config(m, 1, "units") shouldBe 5
        config(m, 2, "use_bias") shouldBe false
    }

    fun compile(body: String): Pair<ExitCode, String> {
        val dir = Files.createTempDirectory("strata-dsl").toFile()
        File(dir, "Snippet.kt").writeText("import io.strata.dsl.*\nsuspend fun snippet(m: io.strata.models.Model) {\n$body\n}\n")
        val out = ByteArrayOutputStream()
        val code = K2JVMCompiler().exec(
            PrintStream(out), File(dir, "Snippet.kt").path, "-d", File(dir, "out").path,
            "-classpath", System.getProperty("java.class.path"), "-no-stdlib", "-no-reflect", "-jvm-target", "17",
        )
        dir.deleteRecursively()
        return code to out.toString()
    }

    test("what Keras accepts compiles: shapes as ints and pairs, shuffle as a boolean or \"batch\"") {
        val (code, messages) = compile(
            """
            sequential { conv2d(32, 3, inputShape = listOf(28, 28, 1)); conv2d(32, 3 to 3); maxPooling2d(2); flatten(); dense(10) }
            sequential { lstm(32) { inputShape(10, 64) }; dense(5) { inputDim = 20 } }
            m.fit(1, 2, epochs = 1, shuffle = false)
            m.fit(1, 2, epochs = 1, shuffle = "batch")
            """.trimIndent(),
        )
        messages.contains("error:") shouldBe false
        code shouldBe ExitCode.OK
    }

    test("required Keras arguments are required: units, filters and kernel size, rate") {
        for ((snippet, missing) in listOf(
            "sequential { lstm() }" to "units",
            "sequential { gru(returnSequences = true) }" to "units",
            "sequential { dense(activation = relu) }" to "units",
            "sequential { conv2d(32) }" to "kernelSize",
            "sequential { dropout() }" to "rate",
        )) {
            val (code, messages) = compile(snippet)
            code shouldBe ExitCode.COMPILATION_ERROR
            messages shouldContain missing
        }
    }

    test("misused shapes do not compile: a pair for a 1-D kernel, a string shuffle is not a boolean") {
        for (snippet in listOf(
            "sequential { conv1d(8, 3 to 3) }",
            "sequential { conv2d(8, 3, strides = 2 to 2) }",
            "m.fit(1, 2, shuffle = 1)",
        )) {
            compile(snippet).first shouldBe ExitCode.COMPILATION_ERROR
        }
    }
})
