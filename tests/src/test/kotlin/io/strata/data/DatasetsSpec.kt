// SPDX-License-Identifier: Apache-2.0
package io.strata.data

import com.sun.net.httpserver.HttpServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.DataException
import io.strata.datasets.BostonHousing
import io.strata.datasets.Cifar10
import io.strata.datasets.Cifar100
import io.strata.datasets.DatasetFiles
import io.strata.datasets.FashionMnist
import io.strata.datasets.Mnist
import java.net.InetSocketAddress
import java.nio.file.Files
import java.security.MessageDigest
import java.util.HexFormat
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit

/** A real HTTP server on 127.0.0.1 serving files, a corrupted one, one cut short, one that stalls. */
private class FileServer : AutoCloseable {
    val ranges = CopyOnWriteArrayList<String>()
    var requests = 0
    private val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
    val files = mutableMapOf<String, ByteArray>()
    var cutAt = -1
    var stallAfter = -1

    init {
        server.createContext("/") { ex ->
            requests++
            val body = files[ex.requestURI.path.removePrefix("/")]
            if (body == null) {
                ex.sendResponseHeaders(404, -1); ex.close(); return@createContext
            }
            val range = ex.requestHeaders.getFirst("Range")
            var from = 0
            if (range != null) {
                ranges.add(range)
                from = range.removePrefix("bytes=").removeSuffix("-").toInt()
                ex.responseHeaders.add("Content-Range", "bytes $from-${body.size - 1}/${body.size}")
                ex.sendResponseHeaders(206, (body.size - from).toLong())
            } else {
                ex.sendResponseHeaders(200, body.size.toLong())
            }
            val out = ex.responseBody
            try {
                val end = if (cutAt in (from + 1) until body.size) cutAt else body.size
                if (stallAfter in from until end) {
                    out.write(body, from, stallAfter - from); out.flush(); Thread.sleep(3000)
                }
                out.write(body, from, end - from)
                out.flush()
            } catch (e: Exception) {
                // the client gave up
            } finally {
                ex.close()
            }
        }
        server.start()
    }

    val url get() = "http://127.0.0.1:${server.address.port}"
    override fun close() = server.stop(0)
}

private fun sha256(b: ByteArray) = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b))
private fun md5(b: ByteArray) = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b))

class DatasetsSpec : FunSpec({
    val cache = Files.createTempDirectory("strata-datasets")
    beforeEach { System.setProperty("strata.datasets.dir", cache.toString()); System.setProperty("strata.datasets.timeout", "1") }
    afterEach { System.clearProperty("strata.datasets.dir"); System.clearProperty("strata.datasets.timeout") }
    val payload = ByteArray(300_000) { (it * 31 % 251).toByte() }

    test("a file is downloaded once, checked against its hash, and read from the cache afterwards") {
        FileServer().use { s ->
            s.files["a.bin"] = payload
            val p = DatasetFiles.get("t1", "a.bin", "${s.url}/a.bin", sha256(payload), listOf())
            Files.readAllBytes(p) shouldBe payload
            p shouldBe cache.resolve("t1/a.bin")
            DatasetFiles.get("t1", "a.bin", "${s.url}/a.bin", sha256(payload), listOf()) shouldBe p
            s.requests shouldBe 1
            // MD5 hashes (Keras tells them apart by length) work the same.
            DatasetFiles.get("t1b", "a.bin", "${s.url}/a.bin", md5(payload), listOf()).let { Files.size(it) } shouldBe 300_000L
        }
    }

    test("a corrupted download fails its hash and leaves nothing in the cache") {
        FileServer().use { s ->
            s.files["b.bin"] = payload.copyOf().also { it[1000] = 7 }
            shouldThrow<DataException> { DatasetFiles.get("t2", "b.bin", "${s.url}/b.bin", sha256(payload), listOf()) }.message shouldContain
                "not the published"
            Files.exists(cache.resolve("t2/b.bin")) shouldBe false
            Files.exists(cache.resolve("t2/b.bin.part")) shouldBe false
        }
    }

    test("a download cut short resumes where it stopped, with a range request") {
        FileServer().use { s ->
            s.files["c.bin"] = payload
            s.cutAt = 120_000
            shouldThrow<DataException> { DatasetFiles.get("t3", "c.bin", "${s.url}/c.bin", sha256(payload), listOf()) }.message shouldContain
                "run again to resume"
            Files.size(cache.resolve("t3/c.bin.part")) shouldBe 120_000L
            s.cutAt = -1
            Files.readAllBytes(DatasetFiles.get("t3", "c.bin", "${s.url}/c.bin", sha256(payload), listOf())) shouldBe payload
            s.ranges shouldBe listOf("bytes=120000-")
        }
    }

    test("a server that stalls is given up on after the timeout, and the error says where to put the file") {
        FileServer().use { s ->
            s.files["d.bin"] = payload
            s.stallAfter = 1000
            val e = shouldThrow<DataException> { DatasetFiles.get("t4", "d.bin", "${s.url}/d.bin", null, listOf()) }
            e.message shouldContain "${s.url}/d.bin"
            e.message shouldContain cache.resolve("t4/d.bin").toString()
        }
    }

    test("offline, a system copy is used; without one the error names the address and the place for the file") {
        val copy = Files.createTempFile("copy", ".bin").also { Files.write(it, payload) }
        DatasetFiles.get("t5", "e.bin", "http://127.0.0.1:9/e.bin", "0".repeat(64), listOf(copy)) shouldBe copy
        val e = shouldThrow<DataException> { DatasetFiles.get("t5", "e.bin", "http://127.0.0.1:9/e.bin", null, listOf()) }
        e.message shouldContain "http://127.0.0.1:9/e.bin"
        e.message shouldContain "put the file at " + cache.resolve("t5/e.bin")
    }

    test("Fashion-MNIST loads from Debian's package, offline, with Keras's shapes") {
        if (Files.isDirectory(FashionMnist.SYSTEM_COPY)) {
            val d = FashionMnist.loadData()
            d.xTrain().shape().toList() shouldBe listOf(60000, 28, 28)
            d.xTest().shape().toList() shouldBe listOf(10000, 28, 28)
            d.yTrain().size shouldBe 60000
            d.yTrain().maxOrNull() shouldBe 9
        }
    }

    test("IDX files (MNIST, Fashion-MNIST) written small load with their values") {
        val dir = Files.createTempDirectory("idx")
        val px = ByteArray(3 * 2 * 2) { (it * 20).toByte() }
        TestFiles.idx(intArrayOf(3, 2, 2), px, dir.resolve("train-images-idx3-ubyte.gz"))
        TestFiles.idx(intArrayOf(3), byteArrayOf(1, 9, 4), dir.resolve("train-labels-idx1-ubyte.gz"))
        TestFiles.idx(intArrayOf(1, 2, 2), byteArrayOf(-1, 0, 0, 0), dir.resolve("t10k-images-idx3-ubyte.gz"))
        TestFiles.idx(intArrayOf(1), byteArrayOf(2), dir.resolve("t10k-labels-idx1-ubyte.gz"))
        val d = FashionMnist.loadData(dir)
        d.yTrain().toList() shouldBe listOf(1, 9, 4)
        d.xTrain().toFloats2d(false)[2].toList() shouldBe listOf(160f, 180f, 200f, 220f)
        d.xTest().toFloats2d(true)[0][0] shouldBe 1f
    }

    test("NumPy .npz (MNIST's) written small loads, and numpy itself reads what Strata's writer wrote") {
        val f = Files.createTempFile("mnist", ".npz")
        TestFiles.npz(f, mapOf(
            "x_train" to Triple(longArrayOf(2, 2, 2), "|u1", DoubleArray(8) { it * 30.0 }),
            "y_train" to Triple(longArrayOf(2), "|u1", doubleArrayOf(3.0, 7.0)),
            "x_test" to Triple(longArrayOf(1, 2, 2), "|u1", doubleArrayOf(255.0, 1.0, 2.0, 3.0)),
            "y_test" to Triple(longArrayOf(1), "|u1", doubleArrayOf(5.0)),
        ))
        val d = Mnist.loadData(f)
        d.xTrain().toFloats2d(false)[1].toList() shouldBe listOf(120f, 150f, 180f, 210f)
        d.yTest().toList() shouldBe listOf(5)
        val p = ProcessBuilder("/usr/bin/python3", "-c",
            "import numpy as np, sys; f = np.load(sys.argv[1]); print(f['x_train'].shape, f['x_train'].dtype, int(f['x_train'].sum()))",
            f.toString()).redirectErrorStream(true).start()
        p.inputStream.bufferedReader().readText().trim() shouldBe "(2, 2, 2) uint8 840"
    }

    test("Boston Housing splits as Keras does: NumPy's RandomState(113) shuffle, reproduced exactly") {
        val f = Files.createTempFile("boston", ".npz")
        val n = 506
        TestFiles.npz(f, mapOf("x" to Triple(longArrayOf(n.toLong(), 2), "<f8", DoubleArray(n * 2) { it.toDouble() }),
            "y" to Triple(longArrayOf(n.toLong()), "<f8", DoubleArray(n) { it.toDouble() })))
        val d = BostonHousing.loadData(f, 0.2, 113)
        d.xTrain().size shouldBe 404
        d.xTest().size shouldBe 102
        val p = ProcessBuilder("/usr/bin/python3", "-c",
            "import numpy as np\nr = np.random.RandomState(113); i = np.arange(506); r.shuffle(i); print(' '.join(map(str, i)))")
            .redirectErrorStream(true).start()
        val expected = p.inputStream.bufferedReader().readText().trim().split(" ").map { it.toDouble() }
        p.waitFor(1, TimeUnit.MINUTES)
        (d.yTrain().toList() + d.yTest().toList()) shouldBe expected
        d.xTest()[0].toList() shouldBe listOf(expected[404] * 2, expected[404] * 2 + 1)
    }

    test("CIFAR's binary release written small loads channels last, fine and coarse labels") {
        val tarGz = TestFiles::tarGz
        val record = TestFiles::cifarRecord
        val c10 = Files.createTempFile("c10", ".tar.gz")
        val batches = (1..5).associate { "cifar-10-batches-bin/data_batch_$it.bin" to record(byteArrayOf(it.toByte()), 10 * it) } +
            mapOf("cifar-10-batches-bin/test_batch.bin" to record(byteArrayOf(9), 99))
        tarGz(c10, batches)
        val d = Cifar10.loadData(c10)
        d.yTrain().toList() shouldBe listOf(1, 2, 3, 4, 5)
        d.xTrain().shape().toList() shouldBe listOf(5, 32, 32, 3)
        d.xTrain().toFloats4d(false)[2][0][0].toList() shouldBe listOf(30f, 2f, 3f)
        d.xTest().toFloats4d(false)[0][31][31].toList() shouldBe listOf(99f, 2f, 3f)
        val c100 = Files.createTempFile("c100", ".tar.gz")
        tarGz(c100, mapOf("cifar-100-binary/train.bin" to record(byteArrayOf(4, 44), 1), "cifar-100-binary/test.bin" to record(byteArrayOf(5, 55), 1)))
        Cifar100.loadData(c100, "fine").yTrain().toList() shouldBe listOf(44)
        Cifar100.loadData(c100, "coarse").yTest().toList() shouldBe listOf(5)
        shouldThrow<io.strata.InvalidConfigException> { Cifar100.loadData(c100, "medium") }.message shouldContain "label_mode"
    }
})
