/**
 * Test support for dmkit: real parts for tests, no mocks.
 *
 * <ul>
 *   <li>{@link io.dmkit.testing.Mosquitto} starts a real Eclipse Mosquitto broker on free loopback
 *       ports (plain, TLS, mutual TLS, TLS-PSK listeners) and owns its process.</li>
 *   <li>{@code io.dmkit.pki.LocalPki} generates a CA, a server certificate for
 *       {@code localhost}/{@code 127.0.0.1} and client certificates in every PEM key form dmkit reads:
 *       the plain library {@code io.dmkit.pki}, which this bundle embeds and exports for the tests in
 *       the framework.</li>
 *   <li>{@link io.dmkit.testing.Await} waits on a condition with a deadline instead of sleeping.</li>
 *   <li>{@link io.dmkit.testing.ThreadCheck} asserts that the code under test left no thread behind.</li>
 *   <li>{@link io.dmkit.testing.HttpConnectProxy} is an HTTP CONNECT proxy on loopback that a test can
 *       freeze or make hold new tunnels back.</li>
 * </ul>
 */
@Export
@Version("1.0.0")
package io.dmkit.testing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
