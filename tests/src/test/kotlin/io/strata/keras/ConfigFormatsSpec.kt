// SPDX-License-Identifier: Apache-2.0
package io.strata.keras

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.strata.InvalidConfigException
import io.strata.Shape
import io.strata.activations.Activations
import io.strata.activations.CustomActivation
import io.strata.backend.Ops
import io.strata.backend.Tensor
import io.strata.constraints.MaxNorm
import io.strata.constraints.MinMaxNorm
import io.strata.constraints.NonNeg
import io.strata.constraints.UnitNorm
import io.strata.initializers.Constant
import io.strata.initializers.Identity
import io.strata.initializers.Initializer
import io.strata.initializers.Initializers
import io.strata.initializers.Orthogonal
import io.strata.initializers.RandomNormal
import io.strata.initializers.RandomUniform
import io.strata.initializers.TruncatedNormal
import io.strata.initializers.VarianceScaling
import io.strata.layers.BaseLayer
import io.strata.layers.BuildContext
import io.strata.layers.GRU
import io.strata.layers.Input
import io.strata.layers.LSTM
import io.strata.layers.Layer
import io.strata.layers.LayerCall
import io.strata.layers.Layers
import io.strata.losses.BuiltinLoss
import io.strata.losses.CustomLoss
import io.strata.models.Merge
import io.strata.models.Model
import io.strata.models.Models
import io.strata.models.Sequential
import io.strata.optimizers.Adadelta
import io.strata.optimizers.Adagrad
import io.strata.optimizers.Adam
import io.strata.optimizers.Adamax
import io.strata.optimizers.Nadam
import io.strata.optimizers.RMSprop
import io.strata.optimizers.SGD
import io.strata.regularizers.L1L2
import io.strata.saving.Config
import io.strata.saving.CustomObjects
import io.strata.saving.KerasJson
import io.strata.saving.KerasLayers
import io.strata.saving.KerasObjects
import io.strata.saving.KerasSerializable
import java.nio.file.Files

/** A custom layer as a user writes one: its own arguments in getConfig, a factory to rebuild it. */
class Scale(val factor: Double = 1.0) : BaseLayer<Scale>() {
    override fun className() = "Scale"
    override fun computeOutputShape(layerName: String, inputShape: Shape) = inputShape
    override fun build(ctx: BuildContext, inputShape: Shape) = LayerCall { c, x -> c.ops().mul(x, c.ops().constant(factor.toFloat())) }
    override fun getConfig(): Config = super.getConfig().put("factor", factor)
}

/** A custom initializer that can be saved. */
data class Halves(val value: Double) : Initializer, KerasSerializable {
    override fun generate(shape: Shape, random: java.util.Random) = FloatArray(shape.size().toInt()) { value.toFloat() }
    override fun kerasClassName() = "Halves"
    override fun getConfig(): Config = Config.create().put("value", value)
}

/** Model configs of every Keras generation, and every built-in object's config round trip. */
class ConfigFormatsSpec : FunSpec({
    fun fixture(name: String) = ConfigFormatsSpec::class.java.getResource("/fixtures/keras/$name")!!.readText()

    test("toJson writes Keras 2.2.4's JSON for the guide's MLP, byte for byte") {
        val m = Sequential(listOf(Layers.dense(64).activation("relu").inputDim(20), Layers.dropout(0.5),
            Layers.dense(10).activation("softmax")), "sequential_1")
        val vs = """{"class_name": "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": null}}"""
        val tail = """"kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null"""
        m.toJson() shouldBe """{"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [""" +
            """{"class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "batch_input_shape": [null, 20], "dtype": "float32", "units": 64, "activation": "relu", "use_bias": true, "kernel_initializer": $vs, "bias_initializer": {"class_name": "Zeros", "config": {}}, $tail}}, """ +
            """{"class_name": "Dropout", "config": {"name": "dropout_1", "trainable": true, "rate": 0.5, "noise_shape": null, "seed": null}}, """ +
            """{"class_name": "Dense", "config": {"name": "dense_2", "trainable": true, "units": 10, "activation": "softmax", "use_bias": true, "kernel_initializer": $vs, "bias_initializer": {"class_name": "Zeros", "config": {}}, $tail}}]}, """ +
            """"keras_version": "2.2.4", "backend": "tensorflow"}"""
    }

    test("Keras 1: an LSTM model with output_dim, init, inner_activation, dropout_W, W_regularizer and MaxNorm's m") {
        val m = Models.fromJson(fixture("keras1_lstm.json"))
        m.layers().map { it.className() } shouldBe listOf("Embedding", "LSTM", "Dense", "Activation")
        m.outputShape().toString() shouldBe "(None, 10)"
        m.countParams() shouldBe 57482L
        val lstm = m.getLayer("lstm_1").getConfig()
        lstm.number("dropout") shouldBe 0.2
        lstm.number("recurrent_dropout") shouldBe 0.1
        lstm.bool("unit_forget_bias", false) shouldBe true
        lstm.string("recurrent_activation") shouldBe "hard_sigmoid"
        lstm.config("kernel_regularizer")!!.config("config")!!.number("l2") shouldBe 0.01
        m.getLayer("dense_1").getConfig().config("kernel_constraint")!!.config("config")!!.number("max_value") shouldBe 3.0
    }

    test("Keras 1: a Sequential that starts with a Merge of two Sequential branches") {
        val m = Models.fromJson(fixture("keras1_merge.json"))
        m.shouldBeInstanceOf<Sequential>().isMergeModel() shouldBe true
        m.inputs().size shouldBe 2
        m.countParams() shouldBe 50890L
        (m.layers()[0] as Merge).mode() shouldBe "concat"
    }

    test("Keras 1: a functional model with two inputs, two outputs and a Merge of tensors") {
        val m = Models.fromJson(fixture("keras1_functional.json"))
        m.inputNames() shouldBe listOf("main_input", "aux_input")
        m.outputNames() shouldBe listOf("main_output", "aux_output")
        m.countParams() shouldBe 160823L
    }

    test("Keras 1: dim_ordering th, border_mode, subsample and nb_row/nb_col become Keras 2's arguments") {
        val m = Models.fromJson(fixture("keras1_conv_th.json"))
        m.layers().map { it.className() } shouldBe listOf("Conv2D", "MaxPooling2D", "Flatten", "Dense")
        val conv = m.layers()[0].getConfig()
        conv.string("data_format") shouldBe "channels_first"
        conv.string("padding") shouldBe "same"
        conv.list("strides") shouldBe listOf(2L, 2L)
        conv.list("kernel_size") shouldBe listOf(3L, 3L)
        conv.config("kernel_initializer")!!.config("config")!!.number("scale") shouldBe 2.0
        m.layers()[1].getConfig().string("data_format") shouldBe "channels_first"
        m.outputShape().toString() shouldBe "(None, 10)"
        m.countParams() shouldBe 10698L
    }

    test("tf.keras 2.x: a Functional model with HeNormal, L2, BN axis [3], MaxPool2D, keepdims, GRU reset_after") {
        val m = Models.fromJson(fixture("tfkeras_functional.json"))
        m.inputNames() shouldBe listOf("image", "series")
        m.countParams() shouldBe 373L
        (m.getLayer("gru") as GRU).resetAfter() shouldBe true
        m.getLayer("max_pool2d").className() shouldBe "MaxPooling2D"
        m.getLayer("conv2d").getConfig().config("kernel_regularizer")!!.config("config")!!.number("l2") shouldBe 0.0005
    }

    test("tfjs: a model.json's modelTopology loads") {
        val m = Models.fromJson(fixture("tfjs_model.json"))
        m.layerNames() shouldBe listOf("dense_Dense1", "dropout_Dropout1", "dense_Dense2")
        m.countParams() shouldBe 83L
    }

    test("Keras 3: a Sequential's config.json (module, registered_name, DTypePolicy, build_config, InputLayer batch_shape)") {
        val m = Models.fromConfig(KerasJson.parseObject(fixture("keras3_sequential.json"), "config.json"), CustomObjects.none())
        m.layers().map { it.className() } shouldBe listOf("Embedding", "LSTM", "Dense")
        m.inputShape().toString() shouldBe "(None, 15)"
        m.countParams() shouldBe 3331L
        m.getLayer("lstm").getConfig().string("recurrent_activation") shouldBe "sigmoid"
        m.getLayer("embedding").getConfig().bool("mask_zero", false) shouldBe true
    }

    // ---- round trips ---------------------------------------------------------------------------------

    fun roundTrip(m: Model) {
        val json = m.toJson()
        val back = Models.fromJson(json)
        back.toJson() shouldBe json
        back.getConfig() shouldBe m.getConfig()
        back.countParams() shouldBe m.countParams()
    }

    test("every built-in layer, with arguments off their defaults, round-trips config -> model -> config") {
        roundTrip(Sequential(listOf(
            Layers.dense(8).activation("tanh").useBias(false).kernelInitializer(Initializers.heNormal())
                .kernelRegularizer(L1L2(0.01, 0.0)).activityRegularizer(L1L2(0.0, 0.02)).kernelConstraint(MaxNorm(2.0, 0)).inputDim(6),
            Layers.reshape(2, 4), Layers.permute(2, 1), Layers.flatten(), Layers.repeatVector(3),
            Layers.simpleRnn(5).returnSequences(true).goBackwards(true).dropout(0.1).recurrentDropout(0.2),
            Layers.lstm(4).returnSequences(true).unitForgetBias(false).recurrentActivation("sigmoid"),
            Layers.gru(3).resetAfter(true).returnSequences(true), Layers.timeDistributed(Layers.dense(2)),
            Layers.conv1d(4, 2).padding("causal").dilationRate(2), Layers.zeroPadding1d(1), Layers.upSampling1d(2),
            Layers.maxPooling1d(2).strides(1).padding("same"), Layers.averagePooling1d(2), Layers.globalMaxPooling1d(),
            Layers.dropout(0.3).noiseShape(Shape.of(Shape.UNKNOWN, 1)).seed(7), Layers.activation("elu"),
        )))
        roundTrip(Sequential(listOf(
            Layers.conv2d(4, 3, 2).strides(1, 2).padding("same").dataFormat("channels_first").dilationRate(1)
                .biasConstraint(NonNeg()).inputShape(2, 9, 9),
            Layers.batchNormalization().axis(1).momentum(0.9).epsilon(1e-4).center(false).gammaConstraint(UnitNorm(0)),
            Layers.zeroPadding2d(1, 2, 0, 1).dataFormat("channels_first"), Layers.upSampling2d(2, 1).dataFormat("channels_first"),
            Layers.maxPooling2d(2).dataFormat("channels_first"), Layers.averagePooling2d(2, 1).strides(1).dataFormat("channels_first"),
            Layers.globalAveragePooling2d().dataFormat("channels_first"),
        )))
        roundTrip(Sequential(listOf(Layers.embedding(30, 4).maskZero(true).inputLength(7), Layers.lstm(3), Layers.dense(1))))
        roundTrip(Sequential(listOf(Layers.conv2d(2, 3).inputShape(6, 6, 1), Layers.flatten().dataFormat("channels_first"),
            Layers.dense(2).kernelConstraint(MinMaxNorm(0.1, 2.0, 0.5, 0)))))
    }

    test("graph models round-trip: shared layers, merge layers, nested models, several inputs and outputs") {
        val a = Input.named("a", 6)
        val b = Input.named("b", 6)
        val shared = Layers.dense(4).activation("relu")
        val ha = shared.apply(a)
        val hb = shared.apply(b)
        val inner = Sequential(listOf(Layers.dense(4).inputDim(4), Layers.dense(4)))
        val merged = Layers.concatenate().apply(Layers.add().apply(ha, hb), Layers.subtract().apply(ha, hb),
            Layers.multiply().apply(ha, hb), Layers.average().apply(ha, hb), Layers.maximum().apply(ha, hb),
            Layers.minimum().apply(ha, hb), inner.apply(ha))
        val cos = Layers.dot(1).normalize(true).apply(ha, hb)
        roundTrip(Model(listOf(a, b), listOf(Layers.dense(2).activation("softmax").apply(merged), cos)))
    }

    val initializers: List<Initializer> = listOf(Initializers.glorotUniform(), Initializers.glorotNormal(), Initializers.heUniform(),
        Initializers.heNormal(), Initializers.lecunUniform(), Initializers.lecunNormal(), VarianceScaling.of(0.5, "fan_out", "untruncated_normal"),
        RandomNormal(0.1, 0.2), RandomUniform(-1.0, 2.0), TruncatedNormal(0.0, 0.3), Constant(0.7), Initializers.zeros(), Initializers.ones(),
        Orthogonal(1.5), Identity(2.0))
    withData(nameFn = { "initializer $it round-trips" }, initializers) { i ->
        val c = KerasObjects.serialize(i, "test")!!
        KerasObjects.serialize(KerasObjects.initializer(c, CustomObjects.none(), "test", Initializers.zeros()), "test") shouldBe c
    }

    test("initializers, regularizers and constraints of every generation's names") {
        val none = CustomObjects.none()
        fun init(json: String) = KerasObjects.initializer(KerasJson.parse(json, "t"), none, "t", Initializers.zeros())
        init("\"glorot_uniform\"") shouldBe Initializers.glorotUniform()
        init("\"zero\"") shouldBe Initializers.zeros()
        init("""{"class_name": "GlorotNormal", "config": {"seed": null}}""") shouldBe Initializers.glorotNormal()
        init("""{"module": "keras.initializers", "class_name": "HeUniform", "config": {"seed": null}, "registered_name": null}""") shouldBe Initializers.heUniform()
        init("""{"class_name": "VarianceScaling", "config": {"scale": 2.0, "mode": "fan_in", "distribution": "truncated_normal"}}""") shouldBe Initializers.heNormal()
        init("""{"class_name": "OrthogonalInitializer", "config": {"gain": 1.0}}""") shouldBe Orthogonal(1.0)
        KerasObjects.regularizer(KerasJson.parse("""{"class_name": "L2", "config": {"l2": 0.3}}""", "t"), none, "t") shouldBe L1L2(0.0, 0.3)
        KerasObjects.regularizer(KerasJson.parse("""{"name": "WeightRegularizer", "l1": 0.1, "l2": 0.0}""", "t"), none, "t") shouldBe L1L2(0.1, 0.0)
        for (c in listOf(MaxNorm(3.0, 0, 1, 2), NonNeg(), UnitNorm(1), MinMaxNorm(0.0, 1.0, 1.0, 0))) {
            val s = KerasObjects.serialize(c, "t")!!
            KerasObjects.serialize(KerasObjects.constraint(s, none, "t"), "t") shouldBe s
        }
        KerasObjects.constraint(KerasJson.parse("""{"name": "MaxNorm", "m": 4, "axis": 0}""", "t"), none, "t") shouldBe MaxNorm(4.0, 0)
    }

    test("every optimizer round-trips its config; tf.keras's and Keras 3's configs load; unsupported arguments are refused") {
        for (o in listOf(SGD().lr(0.1).momentum(0.5).nesterov(true).clipnorm(1.0).decay(0.01), RMSprop().rho(0.8).centered(true),
                Adagrad().initialAccumulatorValue(0.1).epsilon(1e-5), Adadelta().rho(0.9), Adam().beta1(0.8).amsgrad(true).clipvalue(0.5),
                Adamax().beta2(0.99), Nadam().scheduleDecay(0.01))) {
            val s = KerasObjects.serializeOptimizer(o)
            KerasObjects.serializeOptimizer(KerasObjects.optimizer(s, "t")) shouldBe s
        }
        val tf = KerasObjects.optimizer(KerasJson.parse("""{"class_name": "Adam", "config": {"name": "Adam", "learning_rate": 0.002,
            "decay": 0.0, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-07, "amsgrad": false}}""", "t"), "t") as Adam
        tf.lr() shouldBe 0.002
        tf.beta1() shouldBe 0.8
        val k3 = KerasObjects.optimizer(KerasJson.parse("""{"module": "keras.optimizers", "class_name": "SGD", "config": {"name": "SGD",
            "learning_rate": {"module": "keras.optimizers.schedules", "class_name": "InverseTimeDecay", "config": {"initial_learning_rate": 0.1,
            "decay_steps": 1, "decay_rate": 0.05, "staircase": false}}, "weight_decay": null, "clipnorm": null, "global_clipnorm": 2.0,
            "clipvalue": null, "use_ema": false, "momentum": 0.9, "nesterov": false}}""", "t"), "t") as SGD
        k3.lr() shouldBe 0.1
        k3.decay() shouldBe 0.05
        k3.clipnorm() shouldBe 2.0
        shouldThrow<InvalidConfigException> {
            KerasObjects.optimizer(KerasJson.parse("""{"class_name": "AdamW", "config": {}}""", "t"), "t")
        }.message shouldContain "AdamW"
        shouldThrow<InvalidConfigException> {
            KerasObjects.optimizer(KerasJson.parse("""{"class_name": "Adam", "config": {"learning_rate": 0.1, "weight_decay": 0.004}}""", "t"), "t")
        }.message shouldContain "weight_decay"
        shouldThrow<InvalidConfigException> {
            KerasObjects.optimizer(KerasJson.parse("""{"class_name": "RMSprop", "config": {"learning_rate": 0.1, "momentum": 0.9}}""", "t"), "t")
        }.message shouldContain "momentum"
    }

    test("activations and losses round-trip by identifier; a loss taking logits is refused") {
        for (a in Activations.values()) {
            KerasObjects.activation(KerasObjects.serializeActivation(a), CustomObjects.none(), "t") shouldBe a
        }
        for (l in BuiltinLoss.values()) {
            KerasObjects.loss(l.id(), CustomObjects.none(), "t") shouldBe l
        }
        KerasObjects.loss(KerasJson.parse("""{"class_name": "CategoricalCrossentropy", "config": {"name": "categorical_crossentropy",
            "from_logits": false, "label_smoothing": 0}}""", "t")!!, CustomObjects.none(), "t") shouldBe BuiltinLoss.CATEGORICAL_CROSSENTROPY
        shouldThrow<InvalidConfigException> {
            KerasObjects.loss(KerasJson.parse("""{"class_name": "BinaryCrossentropy", "config": {"name": "b", "from_logits": true}}""", "t")!!,
                CustomObjects.none(), "t")
        }.message shouldContain "logits"
    }

    // ---- custom objects ------------------------------------------------------------------------------

    test("custom layers, activations, initializers and losses load through CustomObjects, and only through it") {
        val swish = CustomActivation("my_swish") { ops: Ops, x: Tensor -> ops.mul(x, ops.sigmoid(x)) }
        val m = Sequential(listOf(Layers.dense(4).activation(swish).kernelInitializer(Halves(0.5)).inputDim(3), Scale(2.5)))
        m.compile("sgd", CustomLoss("my_loss") { ops, t, p -> ops.mean(ops.square(ops.sub(p, t)), false, -1) })
        val file = Files.createTempDirectory("strata").resolve("custom.h5")
        m.save(file)
        shouldThrow<InvalidConfigException> { Models.load(file) }.message.let {
            it shouldContain "my_swish"
            it shouldContain "CustomObjects.none().activation("
        }
        val partial = CustomObjects.none().activation(swish).initializer("Halves") { c -> Halves(c.number("value")) }
        shouldThrow<InvalidConfigException> { Models.load(file, partial) }.message.let {
            it shouldContain "Scale"
            it shouldContain "CustomObjects.none().layer(\"Scale\""
        }
        val withLayer = partial.layer("Scale") { c: Config -> BaseLayer.withBaseConfig(Scale(c.number("factor")), c, CustomObjects.none()) }
        shouldThrow<InvalidConfigException> { Models.load(file, withLayer) }.message shouldContain "my_loss"
        val custom = withLayer.loss(CustomLoss("my_loss") { ops, t, p -> ops.mean(ops.square(ops.sub(p, t)), false, -1) })
        val loaded = Models.load(file, custom)
        (loaded.layers()[1] as Scale).factor shouldBe 2.5
        loaded.toJson() shouldBe m.toJson()
        loaded.isCompiled() shouldBe true
        KerasLayers.deserialize(Config.create().put("class_name", "Scale").put("config", Scale(1.5).getConfig()), custom)
            .shouldBeInstanceOf<Scale>().factor shouldBe 1.5
    }

    test("a custom initializer written as a lambda cannot be saved, and the error says what to do") {
        val m = Sequential(listOf(Layers.dense(2).kernelInitializer { s: Shape, _ -> FloatArray(s.size().toInt()) }.inputDim(2)))
        shouldThrow<InvalidConfigException> { m.toJson() }.message shouldContain "KerasSerializable"
    }

    test("JSON errors name the file part and the position") {
        shouldThrow<InvalidConfigException> { Models.fromJson("{\"class_name\": \"Sequential\", ") }.message shouldContain "not valid JSON"
        shouldThrow<InvalidConfigException> { Models.fromJson("[1, 2]") }.message shouldContain "JSON object"
        shouldThrow<InvalidConfigException> {
            Models.fromJson("""{"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"units": "many", "input_dim": 3}}]}}""")
        }.message.let {
            it shouldContain "units"
            it shouldContain "an integer"
            it shouldContain "\"many\""
        }
    }

    test("one LSTM layer of each recurrent activation keeps it through a config") {
        val l: Layer = LSTM(3).recurrentActivation("sigmoid").inputShape(2, 2)
        (KerasLayers.deserialize(Config.create().put("class_name", "LSTM").put("config", l.getConfig()), CustomObjects.none()) as LSTM)
            .getConfig() shouldBe l.getConfig()
    }
})
