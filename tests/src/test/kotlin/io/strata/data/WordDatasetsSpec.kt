// SPDX-License-Identifier: Apache-2.0
package io.strata.data

import com.fasterxml.jackson.databind.ObjectMapper
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.strata.datasets.Imdb
import io.strata.datasets.Reuters
import io.strata.datasets.WordSequences
import java.nio.file.Files
import java.nio.file.Path

/**
 * IMDB and Reuters files written by NumPy as Keras's are (object arrays, pickled), loaded by Strata
 * with Keras's arguments, against what Keras's load_data steps give with NumPy's own RandomState.
 */
class WordDatasetsSpec : FunSpec({
    test("imdb and reuters load as Keras loads them: shuffle, start and index_from, maxlen, num_words, skip_top") {
        val dir = Files.createTempDirectory("word-datasets")
        val script = Path.of(javaClass.getResource("/h5py/keras_word_datasets.py")!!.toURI()).toString()
        val p = ProcessBuilder("/usr/bin/python3", script, dir.toString(), "30", "5", "10").redirectErrorStream(true).start()
        val text = p.inputStream.bufferedReader().readText()
        p.waitFor() shouldBe 0
        val expected = ObjectMapper().readTree(text)
        val options = WordSequences.defaults().numWords(30).skipTop(5).maxlen(10)
        fun check(name: String, d: WordSequences.Data) {
            val e = expected[name]
            d.xTrain().map { it.toList() } shouldBe e["x_train"].map { s -> s.map { it.asInt() } }
            d.xTest().map { it.toList() } shouldBe e["x_test"].map { s -> s.map { it.asInt() } }
            d.yTrain().toList() shouldBe e["y_train"].map { it.asInt() }
            d.yTest().toList() shouldBe e["y_test"].map { it.asInt() }
        }
        check("imdb", Imdb.loadData(dir.resolve("imdb.npz"), options))
        check("reuters", Reuters.loadData(dir.resolve("reuters.npz"), options))
    }
})
