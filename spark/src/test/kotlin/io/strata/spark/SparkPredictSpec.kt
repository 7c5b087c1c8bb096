// SPDX-License-Identifier: Apache-2.0
package io.strata.spark

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.floats.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.InvalidConfigException
import io.strata.data.Utils
import io.strata.layers.Input
import io.strata.layers.Layers
import io.strata.models.Model
import io.strata.models.Sequential
import io.strata.training.FitOptions
import org.apache.spark.ml.Pipeline
import org.apache.spark.ml.PipelineStage
import org.apache.spark.ml.feature.VectorAssembler
import org.apache.spark.sql.Dataset
import org.apache.spark.sql.Row
import org.apache.spark.sql.RowFactory
import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.types.DataTypes
import org.apache.spark.sql.types.StructType
import org.tensorflow.ndarray.buffer.DataBuffers
import io.kotest.matchers.doubles.shouldBeLessThan
import kotlin.math.abs
import kotlin.random.Random

/** Batch inference over DataFrames on `local[2]`: the predictions are `predict`'s, row for row. */
class SparkPredictSpec : FunSpec({
    val spark = SparkSession.builder().master("local[2]").appName("strata-spark-predict")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate()
    spark.sparkContext().setLogLevel("ERROR")
    afterSpec { spark.stop() }

    val r = Random(3)
    val n = 1000
    val x = Array(n) { FloatArray(20) { r.nextFloat() * 2 - 1 } }
    val labels = IntArray(n) { i -> ((x[i][0] + 1) * 1.5f).toInt().coerceIn(0, 2) }

    val model = Sequential(listOf(Layers.dense(16).activation("relu").inputDim(20), Layers.dropout(0.3),
        Layers.dense(3).activation("softmax"))).seed(7)
    model.compile("adam", "categorical_crossentropy", listOf("accuracy"))
    model.fit(x, Utils.toCategorical(labels, 3), FitOptions.epochs(3).verbose(0))
    val expected = model.predict(x, 64).let { p -> FloatArray(p.size().toInt()).also { p.copyTo(DataBuffers.of(it, false, false)) } }

    fun frame(columns: List<Pair<String, org.apache.spark.sql.types.DataType>>, value: (Int) -> Array<Any>, partitions: Int): Dataset<Row> {
        var schema = StructType().add("id", DataTypes.IntegerType)
        columns.forEach { (name, type) -> schema = schema.add(name, type) }
        val rows = (0 until n).map { i -> RowFactory.create(i, *value(i)) }
        return spark.createDataFrame(rows, schema).repartition(partitions)
    }

    fun predictionsById(df: Dataset<Row>, column: String): Map<Int, List<Float>> =
        df.select("id", column).collectAsList().associate { it.getInt(0) to it.getList<Float>(1) }

    fun shouldMatchModel(byId: Map<Int, List<Float>>) {
        byId.size shouldBe n
        for ((id, p) in byId) {
            p.size shouldBe 3
            for (k in 0 until 3) p[k] shouldBe (expected[id * 3 + k] plusOrMinus 1e-6f)
        }
    }

    test("array<float> rows over several partitions get predict's outputs, each model loaded once per executor JVM") {
        val df = frame(listOf("features" to DataTypes.createArrayType(DataTypes.FloatType)), { i -> arrayOf(x[i]) }, 4)
        val before = ExecutorModels.LOADS.get()
        val scored = StrataSpark.predict(model, df, "features", "probabilities")
        scored.schema().apply("probabilities").dataType() shouldBe DataTypes.createArrayType(DataTypes.FloatType, false)
        shouldMatchModel(predictionsById(scored, "probabilities"))
        // local[2] is one JVM: four partitions, two task threads, one load.
        ExecutorModels.LOADS.get() - before shouldBe 1
        // A second action on the same scored frame reuses the executor's model.
        scored.count() shouldBe n.toLong()
        ExecutorModels.LOADS.get() - before shouldBe 1
    }

    test("array<double> and Spark ML vector columns, as a Transformer in a Pipeline after a VectorAssembler") {
        val doubles = frame(listOf("features" to DataTypes.createArrayType(DataTypes.DoubleType)),
            { i -> arrayOf(DoubleArray(20) { x[i][it].toDouble() }) }, 3)
        shouldMatchModel(predictionsById(StrataSpark.predict(model, doubles, "features", "p"), "p"))
        val columns = (0 until 20).map { "f$it" to DataTypes.FloatType }
        val wide = frame(columns, { i -> Array<Any>(20) { x[i][it] } }, 3)
        val assembler = VectorAssembler().setInputCols(columns.map { it.first }.toTypedArray()).setOutputCol("features")
        val predictor = StrataSpark.predictor(model).setInputCols("features").setOutputCol("p").setBatchSize(7)
        val pipeline = Pipeline().setStages(arrayOf<PipelineStage>(assembler, predictor))
        shouldMatchModel(predictionsById(pipeline.fit(wide).transform(wide), "p"))
    }

    test("a model with two inputs and two outputs takes one column per input and gives one per output") {
        val a = Input.named("a", 20)
        val b = Input.named("b", 4)
        val joined = Layers.concatenate().apply(Layers.dense(8).activation("tanh").apply(a), b)
        val two = Model(listOf(a, b), listOf(Layers.dense(3).activation("softmax").apply(joined), Layers.dense(1).apply(joined)))
            .seed(2)
        val extra = Array(n) { FloatArray(4) { r.nextFloat() } }
        val local = two.predictOutputs(listOf(x, extra), 32).map { p ->
            FloatArray(p.size().toInt()).also { p.copyTo(DataBuffers.of(it, false, false)) }
        }
        val df = frame(listOf("a" to DataTypes.createArrayType(DataTypes.FloatType), "b" to DataTypes.createArrayType(DataTypes.FloatType)),
            { i -> arrayOf(x[i], extra[i]) }, 2)
        val scored = StrataSpark.predictor(two).setInputCols("a", "b").setOutputCols("probabilities", "score").transform(df)
        val rows = scored.select("id", "probabilities", "score").collectAsList()
        rows.size shouldBe n
        for (row in rows) {
            val id = row.getInt(0)
            val p = row.getList<Float>(1)
            for (k in 0 until 3) p[k] shouldBe (local[0][id * 3 + k] plusOrMinus 1e-6f)
            row.getList<Float>(2)[0] shouldBe (local[1][id] plusOrMinus 1e-6f)
        }
        two.close()
    }

    test("one partition of 50,000 rows streams through in batches") {
        val big = spark.range(50_000).selectExpr("cast(id as int) as id",
            "transform(sequence(0, 19), k -> cast(((id * 31 + k * 7) % 100) / 50.0 - 1.0 as float)) as features").coalesce(1)
        val scored = StrataSpark.predictor(model).setInputCols("features").setOutputCol("p").setBatchSize(500).transform(big)
        val total = scored.selectExpr("sum(aggregate(p, 0D, (acc, v) -> acc + v))").first().getDouble(0)
        abs(total - 50_000.0) shouldBeLessThan 0.05 // each row's softmax sums to 1
    }

    test("wrong columns are Strata errors that name the column, what was expected and what came") {
        val strings = spark.createDataFrame(listOf(RowFactory.create("x")), StructType().add("features", DataTypes.StringType))
        shouldThrow<InvalidConfigException> { StrataSpark.predict(model, strings, "features", "p") }
            .message!! shouldContain "input column 'features' is string; expected array<float>, array<double> or a Spark ML vector"
        shouldThrow<InvalidConfigException> { StrataSpark.predict(model, strings, "pixels", "p") }
            .message!! shouldContain "input column 'pixels' is not in the DataFrame; its columns are [features]"
        val short = frame(listOf("features" to DataTypes.createArrayType(DataTypes.FloatType)), { arrayOf(FloatArray(5)) }, 1)
        val e = shouldThrow<Exception> { StrataSpark.predict(model, short, "features", "p").collectAsList() }
        generateSequence(e as Throwable) { it.cause }.joinToString(" | ") { it.message ?: "" } shouldContain
            "input column 'features' has a row of 5 values; the model's input takes 20 per sample"
    }
})


