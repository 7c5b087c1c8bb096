// SPDX-License-Identifier: Apache-2.0
package io.strata.docs

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import java.io.File
import java.util.jar.JarFile

/** What a library's users get from Maven: sources and javadoc jars, JPMS names, and a BOM that lists every module. */
class PublishingSpec : FunSpec({
    val root = generateSequence(File("").absoluteFile) { it.parentFile }.first { File(it, "README.md").isFile && File(it, "bom").isDirectory }
    val published = mapOf(
        "api" to "strata-api", "backend-tensorflow" to "strata-backend-tensorflow", "dsl" to "strata-dsl", "jupyter" to "strata-jupyter",
        "spark" to "strata-spark",
    )

    test("the BOM manages exactly the published modules, at the project's version") {
        val bom = File(root, "bom/pom.xml").readText()
        val managed = Regex("<artifactId>(strata-[a-z-]+)</artifactId>\\s*<version>\\$\\{project.version}</version>").findAll(bom)
            .map { it.groupValues[1] }.toList()
        managed shouldContainExactlyInAnyOrder published.values.toList()
    }

    test("every published module has its jar, sources jar and javadoc jar, and an Automatic-Module-Name") {
        for ((dir, artifact) in published) {
            val target = File(root, "$dir/target")
            val jar = File(target, "$artifact-0.1.0-SNAPSHOT.jar")
            jar.isFile shouldBe true
            File(target, "$artifact-0.1.0-SNAPSHOT-sources.jar").isFile shouldBe true
            val javadoc = File(target, "$artifact-0.1.0-SNAPSHOT-javadoc.jar")
            javadoc.isFile shouldBe true
            JarFile(javadoc).use { j -> (j.getEntry("index.html") != null) shouldBe true }
            JarFile(jar).use { j ->
                j.manifest.mainAttributes.getValue("Automatic-Module-Name") shouldStartWith "io.strata."
            }
        }
    }
})
