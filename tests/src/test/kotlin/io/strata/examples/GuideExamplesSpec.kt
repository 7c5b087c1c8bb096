// SPDX-License-Identifier: Apache-2.0
package io.strata.examples

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.data.TestFiles
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import java.nio.file.Path

/**
 * The guide's real-dataset programs run end to end for an epoch on their data sets' formats written
 * small (CI cannot download the real ones): each loads its files, preprocesses as the guide does,
 * trains, and prints Keras's closing lines.
 */
class GuideExamplesSpec : FunSpec({
    fun run(main: (Array<String>) -> Unit, vararg args: String): String {
        val out = ByteArrayOutputStream()
        val saved = System.out
        System.setOut(PrintStream(out, true))
        try {
            main(arrayOf(*args))
        } finally {
            System.setOut(saved)
        }
        return out.toString()
    }
    val dir = Files.createTempDirectory("guide-examples")

    test("mnist_mlp and mnist_cnn on an MNIST .npz") {
        val npz = dir.resolve("mnist.npz").also { TestFiles.mnistNpz(it, 64, 16) }
        val mlp = run(MnistMlp::main, "--data", npz.toString(), "--epochs", "1")
        mlp shouldContain "64 train samples"
        mlp shouldContain "Test accuracy: "
        run(MnistCnn::main, "--data", npz.toString(), "--epochs", "1") shouldContain "Test accuracy: "
    }

    test("mnist_mlp on Fashion-MNIST's IDX files (--dataset fashion)") {
        val f = Files.createDirectories(dir.resolve("fashion"))
        TestFiles.idx(intArrayOf(32, 28, 28), ByteArray(32 * 784) { (it % 200).toByte() }, f.resolve("train-images-idx3-ubyte.gz"))
        TestFiles.idx(intArrayOf(32), ByteArray(32) { (it % 10).toByte() }, f.resolve("train-labels-idx1-ubyte.gz"))
        TestFiles.idx(intArrayOf(8, 28, 28), ByteArray(8 * 784) { (it % 100).toByte() }, f.resolve("t10k-images-idx3-ubyte.gz"))
        TestFiles.idx(intArrayOf(8), ByteArray(8) { (it % 10).toByte() }, f.resolve("t10k-labels-idx1-ubyte.gz"))
        run(MnistMlp::main, "--dataset", "fashion", "--data", f.toString(), "--epochs", "1") shouldContain "32 train samples"
    }

    test("cifar10_cnn with real-time augmentation on CIFAR's binary archive") {
        val tar = dir.resolve("cifar-10-binary.tar.gz")
        val batch = { k: Int -> (0 until 4).map { TestFiles.cifarRecord(byteArrayOf(((k + it) % 10).toByte()), 20 * it) }.reduce { a, b -> a + b } }
        TestFiles.tarGz(tar, (1..5).associate { "cifar-10-batches-bin/data_batch_$it.bin" to batch(it) } +
            mapOf("cifar-10-batches-bin/test_batch.bin" to batch(0)))
        val out = run(Cifar10Cnn::main, "--data", tar.toString(), "--epochs", "1")
        out shouldContain "Using real-time data augmentation."
        out shouldContain "x_train shape: [20, 32, 32, 3]"
        out shouldContain "Test accuracy: "
    }

    test("imdb_lstm and reuters_mlp on .npz files of pickled sequences written by NumPy") {
        val script = Path.of(javaClass.getResource("/h5py/keras_word_datasets.py")!!.toURI()).toString()
        ProcessBuilder("/usr/bin/python3", script, dir.toString(), "30", "0", "100").start().waitFor() shouldBe 0
        val imdb = run(ImdbLstm::main, "--data", dir.resolve("imdb.npz").toString(), "--epochs", "1")
        imdb shouldContain "30 train sequences"
        imdb shouldContain "x_train shape: (30, 80)"
        imdb shouldContain "Test accuracy: "
        val reuters = run(ReutersMlp::main, "--data", dir.resolve("reuters.npz").toString(), "--epochs", "1")
        reuters shouldContain "5 classes"
        reuters shouldContain "Test accuracy: "
    }

    test("lstm_text_generation on a text file, sampling after the epoch") {
        val text = dir.resolve("text.txt").also { Files.writeString(it, "the quick brown fox jumps over the lazy dog. ".repeat(8)) }
        val out = run(TextGeneration::main, "--text", text.toString(), "--epochs", "1", "--generate", "10")
        out shouldContain "corpus length: 360"
        out shouldContain "----- diversity: 1.2"
        out shouldContain "Final loss: "
    }
})
