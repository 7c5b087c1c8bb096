// SPDX-License-Identifier: Apache-2.0
package io.strata.spark

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.io.File
import java.nio.file.Files
import javax.tools.ToolProvider

/**
 * The README's Java snippets that use strata-spark, compiled against this module's class path (the
 * tests module's DocSnippetsSpec compiles the others). A snippet's first line `// with Model model, …`
 * declares its givens.
 */
class SparkDocsSpec : FunSpec({
    test("the README's strata-spark snippets compile as shown, with their imports") {
        val root = generateSequence(File("").absoluteFile) { it.parentFile }.first { File(it, "README.md").isFile && File(it, "spark").isDirectory }
        val fence = Regex("```java\\n(.*?)```", RegexOption.DOT_MATCHES_ALL)
        val snippets = fence.findAll(File(root, "README.md").readText()).map { it.groupValues[1] }
            .filter { "import io.strata.spark." in it }.toList()
        snippets.shouldNotBeEmpty()
        for ((i, code) in snippets.withIndex()) {
            val lines = code.trimEnd().lines()
            val given = lines.first().trim().takeIf { it.startsWith("// with ") }?.removePrefix("// with ") ?: ""
            val imports = lines.filter { it.startsWith("import ") }.joinToString("\n")
            val body = lines.filterNot { it.startsWith("import ") }.joinToString("\n")
            val source = "$imports\n\nclass SparkReadme$i {\n    static void snippet($given) throws Exception {\n$body\n    }\n}\n"
            val dir = Files.createTempDirectory("strata-spark-snippets").toFile()
            val file = File(dir, "SparkReadme$i.java").apply { writeText(source) }
            val out = ByteArrayOutputStream()
            val rc = ToolProvider.getSystemJavaCompiler().run(null, out, out, "-d", File(dir, "out").path,
                "-classpath", System.getProperty("java.class.path"), "-proc:none", file.path)
            dir.deleteRecursively()
            (if (rc == 0) "" else source + "\n" + out) shouldBe ""
        }
    }
})
