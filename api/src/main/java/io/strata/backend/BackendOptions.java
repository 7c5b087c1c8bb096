// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

/**
 * Execution settings a backend may honour.
 *
 * @param intraOpThreads threads inside one operation; 0 lets the backend choose its fastest setting
 * @param interOpThreads operations run in parallel; 0 lets the backend choose
 * @param device a device hint ({@code cpu}, {@code gpu}, {@code gpu:1}), or empty for the default
 */
public record BackendOptions(int intraOpThreads, int interOpThreads, String device) {
    /** The backend's own defaults, overridable by the system properties {@code strata.intraOpThreads},
     * {@code strata.interOpThreads} and {@code strata.device}. */
    public static BackendOptions defaults() {
        return new BackendOptions(
                Integer.getInteger("strata.intraOpThreads", 0),
                Integer.getInteger("strata.interOpThreads", 0),
                System.getProperty("strata.device", ""));
    }
}
