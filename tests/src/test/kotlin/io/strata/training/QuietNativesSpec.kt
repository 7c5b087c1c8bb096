// SPDX-License-Identifier: Apache-2.0
package io.strata.training

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.collections.shouldContain as shouldContainLine
import io.strata.layers.Layers
import io.strata.models.Sequential
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** Prints what TensorFlow's natives read (the JVM's System.getenv is a copy taken at start-up). */
private fun printNativeOneDnn() {
    val native = com.sun.jna.Function.getFunction(com.sun.jna.Platform.C_LIBRARY_NAME, "getenv")
        .invokeString(arrayOf("TF_ENABLE_ONEDNN_OPTS"), false)
    println("oneDNN=$native")
}

/** Trains an LSTM (custom Java gradients, a TF while loop) once; what it prints is the whole point. */
object TrainOnce {
    @JvmStatic
    fun main(args: Array<String>) {
        val m = Sequential(listOf(Layers.embedding(20, 4).inputLength(40), Layers.lstm(3), Layers.dense(2).activation("softmax")))
            .seed(1)
        m.compile("adam", "sparse_categorical_crossentropy", listOf("accuracy"))
        m.fit(Array(16) { FloatArray(40) }, IntArray(16), FitOptions.epochs(1).verbose(0))
        m.close()
        println("trained")
        printNativeOneDnn()
        println("maxPhysicalBytes=" + org.bytedeco.javacpp.Pointer.maxPhysicalBytes())
    }
}

/**
 * Compiles one model first, then trains it; prints what TF_ENABLE_ONEDNN_OPTS became. The first
 * argument picks it: `big` (601,202 weights) or `mixed` (a small model under mixed_bfloat16).
 */
object FirstModel {
    @JvmStatic
    fun main(args: Array<String>) {
        val big = args[0] == "big"
        if (!big) io.strata.mixedprecision.MixedPrecision.setGlobalPolicy("mixed_bfloat16")
        val inputs = if (big) 1000 else 4
        val m = Sequential(listOf(Layers.dense(if (big) 600 else 8).inputDim(inputs), Layers.dense(2).activation("softmax")))
        m.compile("sgd", "sparse_categorical_crossentropy")
        m.fit(Array(4) { FloatArray(inputs) }, IntArray(4), FitOptions.epochs(1).verbose(0))
        m.close()
        printNativeOneDnn()
    }
}

/**
 * Trains a model with the `jit_compile` of its first argument (`true`, `false`, `auto`): a small MLP, one
 * of 1,050,002 weights when the second argument is `big`, a small convnet when it is `conv`; 4 steps
 * per execution, or the third argument's.
 */
object JitOnce {
    @JvmStatic
    fun main(args: Array<String>) {
        val kind = if (args.size > 1) args[1] else "small"
        val m = if (kind == "conv") {
            Sequential(listOf(Layers.conv2d(2, 3, 3).activation("relu").inputShape(4, 4, 1), Layers.flatten(),
                Layers.dropout(0.5), Layers.dense(2).activation("softmax"))).seed(1)
        } else {
            Sequential(listOf(Layers.dense(if (kind == "big") 150_000 else 8).activation("tanh").inputDim(4), Layers.dropout(0.5),
                Layers.dense(2).activation("softmax"))).seed(1)
        }
        m.compile("sgd", "sparse_categorical_crossentropy", listOf("accuracy"), null,
            CompileOptions.defaults().jitCompile(args[0]).stepsPerExecution(if (args.size > 2) args[2].toInt() else 4))
        val h = if (kind == "conv") {
            m.fit(Array(64) { i -> Array(4) { r -> Array(4) { c -> floatArrayOf((i % 7 + r + c).toFloat() / 10) } } },
                IntArray(64) { it % 2 }, FitOptions.epochs(2).verbose(0))
        } else {
            m.fit(Array(64) { i -> FloatArray(4) { (i % 7 + it).toFloat() / 10 } }, IntArray(64) { it % 2 },
                FitOptions.epochs(2).verbose(0))
        }
        m.close()
        println("trained loss=" + h.metric("loss").last())
    }
}

/** Predicts with an untrained MLP: one row when the first argument is `1`, two rows otherwise; prints the outputs. */
object PredictRows {
    @JvmStatic
    fun main(args: Array<String>) {
        val m = Sequential(listOf(Layers.dense(16).activation("relu").inputDim(6), Layers.dense(3).activation("softmax"))).seed(5)
        m.compile("sgd", "categorical_crossentropy")
        val rows = if (args[0] == "1") 1 else 2
        val p = m.predict(Array(rows) { r -> FloatArray(6) { (r + it).toFloat() / 7 } }, 32)
        println("predicted=" + (0 until 3).joinToString(",") { p.getFloat(0L, it.toLong()).toString() })
        m.close()
    }
}

class QuietNativesSpec : FunSpec({

    /** Runs [TrainOnce] in a fresh JVM without TF_CPP_MIN_LOG_LEVEL; its stdout and stderr together. */
    fun run(
        vararg properties: String,
        env: Map<String, String> = emptyMap(),
        main: String = TrainOnce::class.java.name,
        args: List<String> = emptyList(),
    ): String {
        val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
        val pb = ProcessBuilder(listOf(java, *properties, "-cp", System.getProperty("java.class.path"), main) + args)
            .redirectErrorStream(true)
        pb.environment().remove("TF_CPP_MIN_LOG_LEVEL")
        pb.environment().remove("TF_ENABLE_ONEDNN_OPTS")
        pb.environment().putAll(env)
        val p = pb.start()
        val out = p.inputStream.bufferedReader().readText()
        p.waitFor(3, TimeUnit.MINUTES) shouldBe true
        p.exitValue() shouldBe 0
        return out
    }

    test("by default a training run prints nothing from TensorFlow's natives, absl or SLF4J") {
        val out = run()
        out.trim() shouldBe "trained\noneDNN=0\nmaxPhysicalBytes=0"
    }

    test("JavaCPP's resident-size check is off unless the user set its limit") {
        run("-Dorg.bytedeco.javacpp.maxPhysicalBytes=3g").trim() shouldBe "trained\noneDNN=0\nmaxPhysicalBytes=" + (3L shl 30)
    }

    test("-Dstrata.tf.log=info brings TensorFlow's own lines back, from both of its log channels") {
        val out = run("-Dstrata.tf.log=info")
        out shouldContain "cpu_feature_guard"
        out shouldContain "MLIR V1 optimization pass is not enabled"
        out shouldContain "trained"
    }

    test("TF_CPP_MIN_LOG_LEVEL set by the user is respected for both channels") {
        run(env = mapOf("TF_CPP_MIN_LOG_LEVEL" to "0")) shouldContain "MLIR V1 optimization pass"
        run(env = mapOf("TF_CPP_MIN_LOG_LEVEL" to "2")) shouldNotContain "I0000"
    }

    test("jitCompile=true runs the steps through XLA, false never; \"auto\" on the CPU natives only several steps per execution of a small model") {
        val xla = "Compiled cluster using XLA"
        val jit = JitOnce::class.java.name
        val on = run("-Dstrata.tf.log=info", main = jit, args = listOf("true"))
        on shouldContain xla
        run("-Dstrata.tf.log=info", main = jit, args = listOf("false")) shouldNotContain xla
        run("-Dstrata.tf.log=info", main = jit, args = listOf("auto")) shouldContain xla
        run("-Dstrata.tf.log=info", main = jit, args = listOf("auto", "small", "1")) shouldNotContain xla
        run("-Dstrata.tf.log=info", main = jit, args = listOf("auto", "big")) shouldNotContain xla
        run("-Dstrata.tf.log=info", main = jit, args = listOf("auto", "conv")) shouldNotContain xla
        run("-Dstrata.tf.log=info", main = jit, args = listOf("true", "conv")) shouldContain xla
        run("-Dstrata.tf.log=info", main = jit, args = listOf("true", "big", "1")) shouldContain xla
        // The same numbers, to float32 rounding through XLA's fused kernels.
        val loss = { out: String -> out.lines().first { it.startsWith("trained") }.substringAfter("=").toDouble() }
        loss(on) shouldBe (loss(run(main = jit, args = listOf("false"))) plusOrMinus 1e-5)
    }

    test("oneDNN by default follows the first model: off for a small one, on from 500,000 weights or in bfloat16; the user decides otherwise") {
        run().lines() shouldContainLine "oneDNN=0"
        run(main = FirstModel::class.java.name, args = listOf("big")).lines() shouldContainLine "oneDNN=1"
        run(main = FirstModel::class.java.name, args = listOf("mixed")).lines() shouldContainLine "oneDNN=1"
        run("-Dstrata.onednn=on").lines() shouldContainLine "oneDNN=1"
        run(env = mapOf("TF_ENABLE_ONEDNN_OPTS" to "1")).lines() shouldContainLine "oneDNN=1"
        run("-Dstrata.onednn=off", main = FirstModel::class.java.name, args = listOf("big")).lines() shouldContainLine "oneDNN=0"
    }

    test("\"auto\" predicts one row through XLA when oneDNN is on (its 1-row matmuls are slow), and gives the same numbers") {
        val xla = "Compiled cluster using XLA"
        val main = PredictRows::class.java.name
        val one = run("-Dstrata.tf.log=info", "-Dstrata.onednn=on", main = main, args = listOf("1"))
        one shouldContain xla
        run("-Dstrata.tf.log=info", "-Dstrata.onednn=on", main = main, args = listOf("2")) shouldNotContain xla
        run("-Dstrata.tf.log=info", "-Dstrata.onednn=off", main = main, args = listOf("1")) shouldNotContain xla
        run("-Dstrata.tf.log=info", "-Dstrata.onednn=on", "-Dstrata.tf.xla=off", main = main, args = listOf("1")) shouldNotContain xla
        val values = { out: String -> out.lines().first { it.startsWith("predicted") }.substringAfter("=").split(",").map { it.toDouble() } }
        val plain = values(run("-Dstrata.onednn=on", "-Dstrata.tf.xla=off", main = main, args = listOf("1")))
        values(one).zip(plain).forEach { (a, b) -> a shouldBe (b plusOrMinus 1e-6) }
    }
})
