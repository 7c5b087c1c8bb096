// SPDX-License-Identifier: Apache-2.0
package io.strata.data

import io.strata.datasets.Npy
import org.apache.commons.compress.archivers.tar.TarArchiveEntry
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream
import java.io.ByteArrayOutputStream
import java.io.DataOutputStream
import java.nio.file.Files
import java.nio.file.Path
import java.util.zip.GZIPOutputStream
import java.util.zip.ZipEntry
import java.util.zip.ZipOutputStream

/** Data set files written small, in the formats the real ones have (IDX, NumPy .npz, CIFAR's binary tar.gz). */
object TestFiles {
    fun idx(dims: IntArray, values: ByteArray, file: Path) {
        val b = ByteArrayOutputStream()
        DataOutputStream(GZIPOutputStream(b)).use { d ->
            d.writeInt(0x800 or dims.size); dims.forEach { d.writeInt(it) }; d.write(values)
        }
        Files.write(file, b.toByteArray())
    }

    fun npz(file: Path, arrays: Map<String, Triple<LongArray, String, DoubleArray>>) {
        ZipOutputStream(Files.newOutputStream(file)).use { z ->
            for ((name, a) in arrays) {
                z.putNextEntry(ZipEntry("$name.npy")); z.write(Npy.write(a.first, a.second, a.third)); z.closeEntry()
            }
        }
    }

    fun tarGz(file: Path, entries: Map<String, ByteArray>) {
        TarArchiveOutputStream(GZIPOutputStream(Files.newOutputStream(file))).use { t ->
            for ((name, b) in entries) {
                val e = TarArchiveEntry(name); e.size = b.size.toLong(); t.putArchiveEntry(e); t.write(b); t.closeArchiveEntry()
            }
        }
    }

    /** A CIFAR record: its label bytes, then a red plane of [red] and green and blue planes of 2 and 3. */
    fun cifarRecord(labels: ByteArray, red: Int) = labels + ByteArray(3072) { if (it < 1024) red.toByte() else if (it < 2048) 2 else 3 }

    /** An MNIST-like .npz: [train] and [test] images of 28 x 28 whose brightness gives their label (0-9). */
    fun mnistNpz(file: Path, train: Int, test: Int) {
        fun images(n: Int) = DoubleArray(n * 784) { i -> ((i / 784) % 10 * 25 + (i % 7)).toDouble() }
        fun labels(n: Int) = DoubleArray(n) { (it % 10).toDouble() }
        npz(file, mapOf(
            "x_train" to Triple(longArrayOf(train.toLong(), 28, 28), "|u1", images(train)),
            "y_train" to Triple(longArrayOf(train.toLong()), "|u1", labels(train)),
            "x_test" to Triple(longArrayOf(test.toLong(), 28, 28), "|u1", images(test)),
            "y_test" to Triple(longArrayOf(test.toLong()), "|u1", labels(test)),
        ))
    }
}
