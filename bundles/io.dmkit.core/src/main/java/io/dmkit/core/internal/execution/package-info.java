/**
 * Where dmkit's work runs: the shared threads ({@link io.dmkit.core.internal.execution.CoreExecutors}),
 * the serial lanes on them ({@link io.dmkit.core.internal.execution.SerialExecutor}), deadlines, backoff,
 * and the description of failures.
 */
package io.dmkit.core.internal.execution;
