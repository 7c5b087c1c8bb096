// SPDX-License-Identifier: Apache-2.0
package io.strata.preprocessing

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.floats.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.InvalidConfigException
import kotlin.math.ln

class PreprocessingSpec : FunSpec({
    val seqs = listOf(intArrayOf(1, 2, 3), intArrayOf(4, 5), intArrayOf(6))

    test("pad_sequences: Keras's defaults pad and truncate in front, to the longest") {
        Sequences.padSequences(seqs).map { it.toList() } shouldBe listOf(listOf(1, 2, 3), listOf(0, 4, 5), listOf(0, 0, 6))
        Sequences.padSequences(seqs, 2).map { it.toList() } shouldBe listOf(listOf(2, 3), listOf(4, 5), listOf(0, 6))
        Sequences.padSequences(seqs, 2, "post", "post", -1).map { it.toList() } shouldBe
            listOf(listOf(1, 2), listOf(4, 5), listOf(6, -1))
        Sequences.padSequences(listOf(intArrayOf()), 2).map { it.toList() } shouldBe listOf(listOf(0, 0))
        Sequences.padSequencesFloat(seqs, 4, "pre", "pre", 0.5f)[2].toList() shouldBe listOf(0.5f, 0.5f, 0.5f, 6f)
        shouldThrow<InvalidConfigException> { Sequences.padSequences(seqs, 2, "middle", "pre", 0) }.message shouldContain
            "padding must be \"pre\" or \"post\", got \"middle\""
    }

    val texts = listOf("The cat sat.", "The dog sat on the mat!")

    test("Tokenizer: index by frequency, ties in order of first appearance, 0 unused") {
        val t = Tokenizer().fitOnTexts(texts)
        t.wordIndex() shouldBe mapOf("the" to 1, "sat" to 2, "cat" to 3, "dog" to 4, "on" to 5, "mat" to 6)
        t.wordCounts() shouldBe mapOf("the" to 3, "cat" to 1, "sat" to 2, "dog" to 1, "on" to 1, "mat" to 1)
        t.documentCount() shouldBe 2
        t.textsToSequences(listOf("The cat and the hat")).single().toList() shouldBe listOf(1, 3, 1)
        Tokenizer().numWords(3).fitOnTexts(texts).textsToSequences(listOf("the cat sat")).single().toList() shouldBe listOf(1, 2)
    }

    test("Tokenizer: the oov token takes index 1 and stands for unknown and rare words") {
        val t = Tokenizer().numWords(4).oovToken("<OOV>").fitOnTexts(texts)
        t.wordIndex()["<OOV>"] shouldBe 1
        t.wordIndex()["the"] shouldBe 2
        t.textsToSequences(listOf("the cat and the mat")).single().toList() shouldBe listOf(2, 1, 1, 2, 1)
    }

    test("Tokenizer: characters, filters, lower and split as Keras's") {
        Tokenizer().charLevel(true).fitOnTexts(listOf("aAb")).wordIndex() shouldBe mapOf("a" to 1, "b" to 2)
        Tokenizer.textToWordSequence("Hello, World!-x", Tokenizer.DEFAULT_FILTERS, true, " ") shouldBe listOf("hello", "world", "x")
        Tokenizer().lower(false).split(",").filters("").fitOnTexts(listOf("A,b,,A")).wordIndex() shouldBe mapOf("A" to 1, "b" to 2)
    }

    test("texts_to_matrix in its four modes") {
        val t = Tokenizer().fitOnTexts(texts)
        val doc = listOf("the the cat")
        t.textsToMatrix(doc, "binary")[0].toList() shouldBe listOf(0f, 1f, 0f, 1f, 0f, 0f, 0f)
        t.textsToMatrix(doc, "count")[0].toList() shouldBe listOf(0f, 2f, 0f, 1f, 0f, 0f, 0f)
        t.textsToMatrix(doc, "freq")[0][1] shouldBe (2f / 3f plusOrMinus 1e-6f)
        // tfidf: (1 + ln c) * ln(1 + documents / (1 + documents containing the word)); "the" is in both.
        t.textsToMatrix(doc, "tfidf")[0][1] shouldBe ((1 + ln(2.0)) * ln(1 + 2.0 / 3.0)).toFloat().plusOrMinus(1e-5f)
        t.textsToMatrix(doc, "tfidf")[0][3] shouldBe (ln(1 + 2.0 / 2.0)).toFloat().plusOrMinus(1e-5f)
        shouldThrow<InvalidConfigException> { t.textsToMatrix(doc, "bm25") }.message shouldContain "unknown vectorization mode"
    }
})
