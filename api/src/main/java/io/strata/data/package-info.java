// SPDX-License-Identifier: Apache-2.0
/**
 * Data in and out: conversion of Java arrays and {@code org.tensorflow.ndarray} arrays to the dense form backends take, and Keras's data utilities. No native code.
 */
@NullMarked
package io.strata.data;

import org.jspecify.annotations.NullMarked;
