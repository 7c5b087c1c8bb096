// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import org.jetbrains.kotlin.cli.common.ExitCode
import org.jetbrains.kotlin.cli.jvm.K2JVMCompiler
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream
import java.nio.file.Files

/** Compiles snippets against the DSL with the Kotlin compiler, to prove what must not compile. */
class DslMarkerSpec : FunSpec({

    fun compile(body: String): Pair<ExitCode, String> {
        val dir = Files.createTempDirectory("strata-dsl").toFile()
        val source = File(dir, "Snippet.kt")
        source.writeText(
            """
            import io.strata.dsl.*
            fun snippet() = $body
            """.trimIndent(),
        )
        val out = ByteArrayOutputStream()
        val code = K2JVMCompiler().exec(
            PrintStream(out),
            source.path, "-d", File(dir, "out").path,
            "-classpath", System.getProperty("java.class.path"),
            "-no-stdlib", "-no-reflect", "-jvm-target", "17",
        )
        dir.deleteRecursively()
        return code to out.toString()
    }

    test("a well-formed model compiles") {
        val (code, messages) = compile("sequential { dense(3, inputDim = 2) { activation = relu } }")
        messages.contains("error:") shouldBe false
        code shouldBe ExitCode.OK
    }

    test("dense(3) inside a dense { } block does not compile") {
        val (code, messages) = compile("sequential { dense(3, inputDim = 2) { dense(3) } }")
        code shouldBe ExitCode.COMPILATION_ERROR
        messages shouldContain "cannot be called in this context with an implicit receiver"
    }

    test("optimizers are not in scope where layers are declared") {
        val (code, messages) = compile("sequential { dense(3, inputDim = 2, activation = sgd()) }")
        code shouldBe ExitCode.COMPILATION_ERROR
        messages shouldContain "sgd"
    }
})
