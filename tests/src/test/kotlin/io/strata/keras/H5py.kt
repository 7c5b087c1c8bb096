// SPDX-License-Identifier: Apache-2.0
package io.strata.keras

import io.strata.saving.Config
import io.strata.saving.KerasJson
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * Debian's h5py and numpy, run as the tool Keras users read files with. The interpreter is the
 * system's `/usr/bin/python3` (where `apt-get install python3-h5py python3-numpy` puts them) or
 * `STRATA_PYTHON`; a machine without them fails these tests with the command that installs them.
 */
object H5py {
    val python: String by lazy {
        val candidates = listOfNotNull(System.getenv("STRATA_PYTHON"), "/usr/bin/python3", "python3")
        candidates.firstOrNull { works(it) } ?: error(
            "These tests read and write files with h5py, the tool Keras users use. Install it: " +
                "apt-get install python3-h5py python3-numpy (tried ${candidates.joinToString()}).",
        )
    }

    private fun works(python: String): Boolean = try {
        val p = ProcessBuilder(python, "-c", "import h5py, numpy").redirectErrorStream(true).start()
        p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0
    } catch (e: java.io.IOException) {
        false
    }

    private val scripts: Path by lazy {
        val dir = Files.createTempDirectory("strata-h5py")
        for (name in listOf("inspect_file.py", "make_keras_files.py")) {
            val text = H5py::class.java.getResourceAsStream("/h5py/$name")!!.readAllBytes()
            Files.write(dir.resolve(name), text)
        }
        dir
    }

    /** Runs a script from `src/test/resources/h5py` and returns its standard output. */
    fun run(script: String, vararg args: String): String {
        val p = ProcessBuilder(listOf(python, scripts.resolve(script).toString()) + args).start()
        val out = p.inputStream.bufferedReader().readText()
        val err = p.errorStream.bufferedReader().readText()
        check(p.waitFor(300, TimeUnit.SECONDS)) { "$script timed out" }
        check(p.exitValue() == 0) { "$script ${args.joinToString(" ")} failed:\n$err" }
        return out
    }

    /** What `inspect_file.py` reads from [file], as a config tree. */
    fun inspect(file: Path): Config = KerasJson.parseObject(run("inspect_file.py", file.toString()), "inspect_file.py output")

    /** The Keras-layout files and numpy predictions of `make_keras_files.py`, written once per test run. */
    val fixtures: Path by lazy {
        val dir = Files.createTempDirectory("strata-keras-files")
        run("make_keras_files.py", dir.toString())
        dir
    }
}
