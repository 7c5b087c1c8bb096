// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

/**
 * The one DSL marker of Strata's builders: inside a nested scope, the builders of an outer scope
 * cannot be called implicitly (`dense(3)` inside a `dense(…) { }` block does not compile).
 */
@DslMarker
public annotation class SequentialDsl

/** The base of every Strata builder scope; it carries [SequentialDsl], as kotlinx.html's `Tag` does. */
@SequentialDsl
public interface DslScope
