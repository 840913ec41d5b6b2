/**
 * Reaching a service through an HTTP proxy: an HTTP/1.1 {@code CONNECT} tunnel
 * ({@link io.dmkit.transport.mqtt.proxy.HttpConnectTunnel}), optionally with Basic authentication,
 * and a TLS socket factory that runs TLS through such a tunnel
 * ({@link io.dmkit.transport.mqtt.proxy.TunnelingSslSocketFactory}) for Paho's {@code ssl://} and
 * {@code wss://} URIs. Gateway networks often let port 443 out only through a proxy.
 *
 * <p>The proxy password never appears in a log line, an exception message or a {@code toString()}.
 */
package io.dmkit.transport.mqtt.proxy;
