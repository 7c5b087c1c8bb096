// SPDX-License-Identifier: Apache-2.0
package io.strata.callbacks

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.strata.internal.Format

class ProgbarFormatSpec : FunSpec({
    test("metric values use Keras's %.4f and %.4e switch") {
        Format.metric(0.69314718) shouldBe "0.6931"
        Format.metric(1.23456789) shouldBe "1.2346"
        Format.metric(0.000123456) shouldBe "1.2346e-04"
        Format.metric(Double.NaN) shouldBe "nan"
    }

    test("ETA and thousands separators follow Python") {
        Format.eta(5.7) shouldBe "5s"
        Format.eta(125.0) shouldBe "2:05"
        Format.eta(3725.0) shouldBe "1:02:05"
        Format.thousands(235146) shouldBe "235,146"
        Format.fixed0(0.5) shouldBe "0"
        Format.fixed0(1.5) shouldBe "2"
    }
})
