package io.lethe.proxy;

import java.util.HashMap;
import java.util.Map;

/** The proxy's test set-up with OpenTelemetry on, spans going to {@link RecordingSpanExporter} only. */
public class TracingTestProfile extends ProxyTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>(super.getConfigOverrides());
        c.put("quarkus.otel.sdk.disabled", "false");
        c.put("quarkus.otel.bsp.schedule.delay", "0.05s");
        return c;
    }
}
