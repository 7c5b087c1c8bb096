// SPDX-License-Identifier: Apache-2.0
package io.strata.docs

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import org.jetbrains.kotlin.cli.common.ExitCode
import org.jetbrains.kotlin.cli.jvm.K2JVMCompiler
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream
import java.nio.file.Files
import javax.tools.ToolProvider

/**
 * Every Kotlin and Java snippet of the README, and every Kotlin snippet in the DSL's KDoc, compiled as
 * it stands (extracted from the files themselves, so they cannot drift from the code). A snippet's
 * first line may declare what it is given, as `// with x: Array<FloatArray>, y: Array<FloatArray>`
 * (Kotlin) or `// with float[][] x, int[] labels` (Java): those become the parameters of the function
 * that holds it. Its `import` lines open the file.
 */
class DocSnippetsSpec : FunSpec({
    val root = generateSequence(File("").absoluteFile) { it.parentFile }.first { File(it, "README.md").isFile && File(it, "dsl").isDirectory }

    test("the README's Kotlin snippets compile as shown, with their imports") {
        val snippets = Snippets.fenced(File(root, "README.md").readText(), "kotlin")
        snippets.shouldNotBeEmpty()
        val source = snippets.withIndex().joinToString("\n") { (i, s) -> Snippets.kotlinFunction("readme$i", s, emptyList()) }
        compileKotlin(Snippets.kotlinImports(snippets) + source) shouldBe ""
    }

    test("the README's Java snippets compile as shown, with their imports") {
        // Snippets of strata-spark need Spark on the class path: spark/'s SparkDocsSpec compiles those.
        val snippets = Snippets.fenced(File(root, "README.md").readText(), "java").filterNot { "import io.strata.spark." in it.code }
        snippets.shouldNotBeEmpty()
        for ((i, s) in snippets.withIndex()) {
            compileJava("Readme$i", Snippets.javaClass("Readme$i", s)) shouldBe ""
        }
    }

    test("every KDoc snippet of the DSL compiles where its declaration is used") {
        val files = File(root, "dsl/src/main/kotlin").walk().filter { it.extension == "kt" }.toList() +
            File(root, "jupyter/src/main/kotlin").walk().filter { it.extension == "kt" }.toList()
        val snippets = files.flatMap { Snippets.kdoc(it.readText()) }
        snippets.size shouldBeGreaterThanOrEqual 15 // the DSL documents its layers, compile, fit and files
        val given = listOf("model: io.strata.models.Sequential", "x: Array<FloatArray>", "y: Array<FloatArray>",
            "left: io.strata.models.Sequential", "right: io.strata.models.Sequential")
        val source = snippets.withIndex().joinToString("\n") { (i, s) ->
            val code = if (s.layerScope) Snippet("sequential {\n${s.code}\n}", emptyList(), false) else s
            Snippets.kotlinFunction("kdoc$i", code, given)
        }
        val imports = listOf("io.strata.dsl.*", "io.strata.layers.Layers", "io.strata.training.TrainingEvent",
            "kotlinx.coroutines.flow.*", "java.nio.file.Path").joinToString("") { "import $it\n" }
        compileKotlin(imports + source) shouldBe ""
    }
})

/** A code block: its body, the parameters its `// with` line declares, and whether it belongs inside a layer block. */
data class Snippet(val code: String, val given: List<String>, val layerScope: Boolean)

object Snippets {
    private val fence = Regex("```(\\w+)\\n(.*?)```", RegexOption.DOT_MATCHES_ALL)

    /** The fenced blocks of `language` in a Markdown text. */
    fun fenced(markdown: String, language: String): List<Snippet> =
        fence.findAll(markdown).filter { it.groupValues[1] == language }.map { parse(it.groupValues[2], false) }.toList()

    /** The ```kotlin blocks of the KDoc comments in a Kotlin source, with the kind of declaration each documents. */
    fun kdoc(source: String): List<Snippet> {
        val out = mutableListOf<Snippet>()
        for (m in Regex("/\\*\\*(.*?)\\*/\\s*([^\\n]*\\n[^\\n]*)", RegexOption.DOT_MATCHES_ALL).findAll(source)) {
            val text = m.groupValues[1].lines().joinToString("\n") { it.trimStart().removePrefix("*").removePrefix(" ") }
            val declaration = m.groupValues[2]
            val layer = "LayerBuilderScope." in declaration || "public fun merge(" in declaration
            fenced(text, "kotlin").forEach { out += it.copy(layerScope = layer) }
        }
        return out
    }

    private fun parse(block: String, layerScope: Boolean): Snippet {
        val lines = block.trimEnd().lines()
        val with = lines.firstOrNull()?.trim()?.takeIf { it.startsWith("// with ") }
        val given = with?.removePrefix("// with ")?.let { splitParameters(it) } ?: emptyList()
        return Snippet(lines.joinToString("\n"), given, layerScope)
    }

    /** Splits `a: Map<K, V>, b: Int` at the commas outside angle brackets. */
    private fun splitParameters(s: String): List<String> {
        val out = mutableListOf<String>()
        var depth = 0
        var start = 0
        s.forEachIndexed { i, c ->
            when (c) {
                '<' -> depth++
                '>' -> depth--
                ',' -> if (depth == 0) { out += s.substring(start, i).trim(); start = i + 1 }
            }
        }
        out += s.substring(start).trim()
        return out.filter { it.isNotEmpty() }
    }

    fun kotlinImports(snippets: List<Snippet>): String =
        snippets.flatMap { s -> s.code.lines().filter { it.startsWith("import ") } }.distinct().joinToString("") { "$it\n" }

    fun kotlinFunction(name: String, s: Snippet, extraGiven: List<String>): String {
        val body = s.code.lines().filterNot { it.startsWith("import ") }.joinToString("\n")
        val params = (extraGiven + s.given).joinToString(", ")
        return "@Suppress(\"UNUSED_VARIABLE\", \"UNUSED_PARAMETER\")\nsuspend fun $name($params) {\n$body\n}\n"
    }

    fun javaClass(name: String, s: Snippet): String {
        val imports = s.code.lines().filter { it.startsWith("import ") }.joinToString("\n")
        val body = s.code.lines().filterNot { it.startsWith("import ") }.joinToString("\n")
        return "$imports\n\nclass $name {\n    static void snippet(${s.given.joinToString(", ")}) throws Exception {\n$body\n    }\n}\n"
    }
}

private fun compileKotlin(source: String): String {
    val dir = Files.createTempDirectory("strata-snippets").toFile()
    val file = File(dir, "Snippets.kt").apply { writeText(source) }
    val out = ByteArrayOutputStream()
    val code = K2JVMCompiler().exec(
        PrintStream(out), file.path, "-d", File(dir, "out").path, "-classpath", System.getProperty("java.class.path"),
        "-no-stdlib", "-no-reflect", "-jvm-target", "17", "-nowarn",
    )
    dir.deleteRecursively()
    return if (code == ExitCode.OK) "" else numbered(source) + "\n" + out.toString()
}

private fun compileJava(name: String, source: String): String {
    val dir = Files.createTempDirectory("strata-snippets").toFile()
    val file = File(dir, "$name.java").apply { writeText(source) }
    val out = ByteArrayOutputStream()
    val code = ToolProvider.getSystemJavaCompiler().run(null, out, out, "-d", File(dir, "out").path,
        "-classpath", System.getProperty("java.class.path"), "-proc:none", file.path)
    dir.deleteRecursively()
    return if (code == 0) "" else numbered(source) + "\n" + out.toString()
}

private fun numbered(source: String): String = source.lines().withIndex().joinToString("\n") { (i, l) -> "%4d  %s".format(i + 1, l) }
