// SPDX-License-Identifier: Apache-2.0
package io.strata.spark

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.InvalidConfigException
import io.strata.data.Utils
import io.strata.layers.Layers
import io.strata.models.Model
import io.strata.models.Sequential
import io.strata.optimizers.Adam
import io.strata.training.FitOptions
import org.apache.spark.sql.Dataset
import org.apache.spark.sql.Row
import org.apache.spark.sql.RowFactory
import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.types.DataTypes
import org.apache.spark.sql.types.StructType
import org.tensorflow.ndarray.buffer.DataBuffers
import kotlin.math.abs
import kotlin.random.Random

/**
 * Synchronous data-parallel `fit` in barrier stages on `local[4]`: with gradients exchanged every step
 * and no dropout, 2 and 4 workers end with the weights of single-process `fit` on the same global
 * batches.
 */
class SparkFitSpec : FunSpec({
    val spark = SparkSession.builder().master("local[4]").appName("strata-spark-fit")
        .config("spark.ui.enabled", "false").config("spark.scheduler.minRegisteredResourcesRatio", "1.0").getOrCreate()
    spark.sparkContext().setLogLevel("ERROR")
    afterSpec { spark.stop() }

    val r = Random(21)
    val n = 480
    val x = Array(n) { FloatArray(12) { r.nextFloat() * 2 - 1 } }
    val labels = IntArray(n) { i -> ((x[i][0] + x[i][5] + 2) * 0.99f).toInt().coerceIn(0, 3) }
    val y = Utils.toCategorical(labels, 4)
    val schema = StructType().add("id", DataTypes.IntegerType).add("x", DataTypes.createArrayType(DataTypes.FloatType))
        .add("y", DataTypes.createArrayType(DataTypes.FloatType)).add("label", DataTypes.IntegerType)
    val df: Dataset<Row> = spark.createDataFrame((0 until n).map { RowFactory.create(it, x[it], y[it], labels[it]) }, schema)

    fun mlp(): Model = Sequential(listOf(Layers.dense(16).activation("relu").inputDim(12), Layers.dense(4).activation("softmax")))
        .seed(9).also { it.compile(Adam().lr(0.01), "categorical_crossentropy", listOf("accuracy")) }

    fun flat(m: Model) = m.getWeights().flatMap { a -> FloatArray(a.size().toInt()).also { a.copyTo(DataBuffers.of(it, false, false)) }.toList() }

    /** The rows in the order of the global batches: step s takes rows [s*lb, (s+1)*lb) of every partition. */
    fun globalOrder(workers: Int, batch: Int): List<Int> {
        @Suppress("UNCHECKED_CAST")
        val parts = (df.select("x", "y").repartition(workers).rdd().glom().collect() as Array<Array<Row>>).map { p ->
            p.map { row -> x.indexOfFirst { it.contentEquals((row.getList<Float>(0)).toFloatArray()) } }
        }
        val local = batch / workers
        val steps = parts.maxOf { it.size } / local
        return (0 until steps).flatMap { s -> parts.flatMap { it.subList(s * local, (s + 1) * local) } }
    }

    for (workers in listOf(2, 4)) {
        test("$workers workers exchanging gradients every step end with single-process fit's weights (1e-5)") {
            val order = globalOrder(workers, 48)
            order.size shouldBe n
            val single = mlp()
            val hs = single.fit(order.map { x[it] }.toTypedArray(), order.map { y[it] }.toTypedArray(),
                FitOptions.epochs(2).batchSize(48).shuffle(false).verbose(0))
            val distributed = mlp()
            val h = StrataSpark.fit(distributed, df, listOf("x"), listOf("y"),
                SparkFitOptions.defaults().epochs(2).batchSize(48).workers(workers).shuffle(false))
            val a = flat(single)
            val b = flat(distributed)
            var worst = 0.0
            for (i in a.indices) worst = maxOf(worst, abs(a[i] - b[i]).toDouble())
            worst shouldBeLessThan 1e-5
            for (e in 0 until 2) h.metric("loss")[e] shouldBe (hs.metric("loss")[e] plusOrMinus 1e-5)
            distributed.iterations() shouldBe single.iterations()
            // The driver's model carries on from the distributed result, optimizer state included.
            single.fit(x, y, FitOptions.epochs(1).batchSize(48).shuffle(false).verbose(0))
            distributed.fit(x, y, FitOptions.epochs(1).batchSize(48).shuffle(false).verbose(0))
            val a2 = flat(single)
            val b2 = flat(distributed)
            for (i in a2.indices) abs(a2[i] - b2[i]).toDouble() shouldBeLessThan 1e-4
            single.close(); distributed.close()
        }
    }

    test("integer labels for a sparse loss, shuffled epochs, validation on the driver: Keras's logs, the loss goes down") {
        val m = Sequential(listOf(Layers.dense(16).activation("relu").inputDim(12), Layers.dense(4).activation("softmax"))).seed(3)
        m.compile("adam", "sparse_categorical_crossentropy", listOf("accuracy"))
        val (train, validation) = df.randomSplit(doubleArrayOf(0.8, 0.2), 5).let { it[0] to it[1] }
        val h = StrataSpark.fit(m, train, listOf("x"), listOf("label"),
            SparkFitOptions.defaults().epochs(4).batchSize(32).workers(2).validationData(validation))
        h.history().keys.toList() shouldBe listOf("loss", "accuracy", "val_loss", "val_accuracy")
        h.metric("loss").last() shouldBeLessThan h.metric("loss").first()
        // The last epoch's val_loss is the trained model's, evaluated as Keras does.
        val rows = validation.select("x", "label").collectAsList()
        val vx = rows.map { it.getList<Float>(0).toFloatArray() }.toTypedArray()
        val vy = rows.map { it.getInt(1) }.toIntArray()
        h.metric("val_loss").last() shouldBe (m.evaluate(vx, vy, 32)[0] plusOrMinus 1e-5)
        m.close()
    }

    test("a task killed during an epoch fails its barrier stage; Spark retries it from the driver's checkpoint, and the result is unchanged") {
        val options = SparkFitOptions.defaults().epochs(3).batchSize(16).workers(2).shuffle(false).timeoutMs(3_000)
        val reference = mlp()
        StrataSpark.fit(reference, df, listOf("x"), listOf("y"), options)
        val killed = java.util.concurrent.atomic.AtomicInteger()
        val attempts = java.util.Collections.synchronizedList(mutableListOf<Int>())
        val listener = object : org.apache.spark.scheduler.SparkListener() {
            var barrierStages = 0
            override fun onStageSubmitted(e: org.apache.spark.scheduler.SparkListenerStageSubmitted) {
                attempts += e.stageInfo().attemptNumber()
            }

            override fun onTaskStart(e: org.apache.spark.scheduler.SparkListenerTaskStart) {
                // The second epoch's stage, its task on partition 1, once.
                if (e.taskInfo().partitionId() == 1 && attempts.size >= 4 && killed.compareAndSet(0, 1)) {
                    spark.sparkContext().killTaskAttempt(e.taskInfo().taskId(), true, "killed by SparkFitSpec")
                }
            }
        }
        spark.sparkContext().addSparkListener(listener)
        val faulted = mlp()
        try {
            val h = StrataSpark.fit(faulted, df, listOf("x"), listOf("y"), options)
            h.metric("loss").size shouldBe 3
        } finally {
            spark.sparkContext().removeSparkListener(listener)
        }
        killed.get() shouldBe 1
        attempts.count { it > 0 } shouldBe 1 // one stage ran a second attempt
        flat(faulted) shouldBe flat(reference) // no partial epoch leaked: the same bits as without the fault
        faulted.iterations() shouldBe reference.iterations()
        reference.close(); faulted.close()
    }

    test("parameter averaging every 5 steps on the guide's MLP (with Dropout): the loss goes down") {
        val m = Sequential(listOf(Layers.dense(64).activation("relu").inputDim(12), Layers.dropout(0.5),
            Layers.dense(64).activation("relu"), Layers.dropout(0.5), Layers.dense(4).activation("softmax"))).seed(4)
        m.compile(io.strata.optimizers.SGD().lr(0.05).momentum(0.9).nesterov(true), "categorical_crossentropy", listOf("accuracy"))
        val h = StrataSpark.fit(m, df, listOf("x"), listOf("y"),
            SparkFitOptions.defaults().epochs(6).batchSize(32).workers(2).averageWeightsEvery(5))
        h.metric("loss").last() shouldBeLessThan h.metric("loss").first()
        h.metric("accuracy").last() shouldBeGreaterThan h.metric("accuracy").first()
        m.close()
    }

    test("callbacks run on the driver with each epoch's weights: a scheduler's rate reaches the workers, EarlyStopping stops") {
        val m = mlp()
        val seen = mutableListOf<Int>()
        val rates = mutableListOf<Double>()
        val h = StrataSpark.fit(m, df, listOf("x"), listOf("y"), SparkFitOptions.defaults().epochs(10).batchSize(48).workers(2)
            .callbacks(
                io.strata.callbacks.LearningRateScheduler { epoch, _ -> 0.01 / (1 + epoch) },
                io.strata.callbacks.LambdaCallback().onEpochEnd { e, _ -> seen += e; rates += m.learningRate() },
                io.strata.callbacks.EarlyStopping().monitor("loss").minDelta(10.0).patience(1),
            ))
        // min_delta 10 never counts as an improvement: the second epoch without one stops the run.
        seen shouldBe listOf(0, 1)
        h.metric("loss").size shouldBe 2
        rates shouldBe listOf(0.01, 0.005).map { it.toFloat().toDouble() }
        m.learningRate() shouldBe (0.005 plusOrMinus 1e-9)
        m.close()
    }

    test("bad arguments are Strata errors") {
        val m = mlp()
        shouldThrow<InvalidConfigException> {
            StrataSpark.fit(m, df, listOf("x"), listOf("y"), SparkFitOptions.defaults().batchSize(50).workers(4))
        }.message!! shouldContain "the global batch (50) must split evenly over the 4 workers"
        shouldThrow<InvalidConfigException> {
            StrataSpark.fit(m, df, listOf("pixels"), listOf("y"), SparkFitOptions.defaults())
        }.message!! shouldContain "column 'pixels' is not in the DataFrame"
        m.close()
    }
})
