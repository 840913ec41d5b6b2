/**
 * A private PKI for TLS on this machine: {@link io.dmkit.pki.LocalPki} generates (or keeps) a CA, a
 * server certificate for {@code localhost}/{@code 127.0.0.1} and client certificates
 * ({@link io.dmkit.pki.ClientCredentials}) with their keys in every PEM form dmkit reads
 * ({@link io.dmkit.pki.KeyKind}). The emulator issues its devices' certificates with it; the tests'
 * brokers and clients use it through the {@code io.dmkit.testing} bundle, which embeds and exports it.
 */
package io.dmkit.pki;
