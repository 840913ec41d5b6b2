package io.dmkit.transport.mqtt;

/** Paho's server URI, {@code scheme://host:port}, with an IPv6 address in brackets as URIs need it. */
public final class ServerUri {

    private ServerUri() {
    }

    /** For example {@code ssl://broker.example.com:8883} or {@code tcp://[::1]:1883}. */
    public static String of(String scheme, String host, int port) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + port;
    }
}
