// SPDX-License-Identifier: Apache-2.0
package io.strata.spark

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.floats.plusOrMinus
import io.kotest.matchers.shouldBe
import io.strata.data.Utils
import io.strata.layers.Layers
import io.strata.models.Sequential
import io.strata.training.FitOptions
import org.apache.spark.api.java.function.MapPartitionsFunction
import org.apache.spark.sql.Encoders
import org.apache.spark.sql.RowFactory
import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.types.DataTypes
import org.apache.spark.sql.types.StructType
import org.tensorflow.ndarray.buffer.DataBuffers
import java.io.File
import kotlin.random.Random

/**
 * Separate executor JVMs on this machine: `local-cluster[2,1,1024]` with the fake SPARK_HOME of
 * SPARK-NOTES §5 (an empty `jars/`, the test class path given to the executors). Models and
 * TensorFlow's natives load in fresh executors: predict gives what it gives in one JVM, and fit learns.
 */
class LocalClusterSpec : FunSpec({
    val home = File(System.getenv("SPARK_HOME") ?: error("the build sets SPARK_HOME for this spec"))
    File(home, "jars").mkdirs()
    File(home, "RELEASE").writeText("Strata's test SPARK_HOME (SPARK-NOTES §5)\n")
    val spark = SparkSession.builder().master("local-cluster[2,1,1024]").appName("strata-local-cluster")
        .config("spark.ui.enabled", "false").config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .config("spark.scheduler.minRegisteredResourcesRatio", "1.0").config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    spark.sparkContext().setLogLevel("ERROR")
    afterSpec { spark.stop() }

    val r = Random(8)
    val n = 256
    val x = Array(n) { FloatArray(8) { r.nextFloat() * 2 - 1 } }
    val labels = IntArray(n) { if (x[it][0] + x[it][1] > 0) 1 else 0 }
    val schema = StructType().add("id", DataTypes.IntegerType).add("x", DataTypes.createArrayType(DataTypes.FloatType))
        .add("y", DataTypes.createArrayType(DataTypes.FloatType))
    val y = Utils.toCategorical(labels, 2)
    val df = spark.createDataFrame((0 until n).map { RowFactory.create(it, x[it], y[it]) }, schema).repartition(2)

    test("the tasks run in two executor JVMs other than the driver's") {
        val pids = spark.range(0, 4, 1, 2).toDF().mapPartitions(
            MapPartitionsFunction<org.apache.spark.sql.Row, Long> { listOf(ProcessHandle.current().pid()).iterator() },
            Encoders.LONG()).collectAsList().toSet()
        pids.size shouldBe 2
        pids shouldNotContain ProcessHandle.current().pid()
    }

    test("predict in fresh executors equals predict in the driver; fit with 2 workers learns there") {
        val m = Sequential(listOf(Layers.dense(8).activation("tanh").inputDim(8), Layers.dense(2).activation("softmax"))).seed(2)
        m.compile("adam", "categorical_crossentropy", listOf("accuracy"))
        val expected = m.predict(x, 32).let { p -> FloatArray(p.size().toInt()).also { p.copyTo(DataBuffers.of(it, false, false)) } }
        val scored = StrataSpark.predict(m, df, "x", "p").select("id", "p").collectAsList()
        scored.size shouldBe n
        for (row in scored) {
            val p = row.getList<Float>(1)
            for (k in 0 until 2) p[k] shouldBe (expected[row.getInt(0) * 2 + k] plusOrMinus 1e-6f)
        }
        val h = StrataSpark.fit(m, df, listOf("x"), listOf("y"), SparkFitOptions.defaults().epochs(3).batchSize(32).workers(2))
        h.metric("loss").last() shouldBeLessThan h.metric("loss").first()
        m.evaluate(x, y, 32)[0] shouldBeLessThan h.metric("loss").first()
        m.fit(x, y, FitOptions.epochs(1).verbose(0)).metric("loss").size shouldBe 1
        // TensorFlow's intra-op threads in the executors followed spark.task.cpus (1 here).
        val threads = spark.range(0, 2, 1, 2).toDF().mapPartitions(
            MapPartitionsFunction<org.apache.spark.sql.Row, String> { listOf(System.getProperty("strata.intraOpThreads") ?: "unset").iterator() },
            Encoders.STRING()).collectAsList().toSet()
        threads shouldBe setOf("1")
        m.close()
    }
})
