package io.dmkit.transport.thingspro.protocol;

/** MQTT 3.1.1 topic filter matching (§4.7), to check the subscription lists against built topics. */
final class MqttFilter {

    private MqttFilter() {
    }

    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true; // also matches the parent level (i == t.length)
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
