import io.nowplaying.core.log.Log;
import io.nowplaying.core.log.Metric;

/**
 * One cold JVM writes one log line the way the functions do, then (by argument) nothing more, one
 * metric through the project's own EMF writer, or one metric through AWS's aws-embedded-metrics
 * library; prints how long the metric took, in microseconds, on standard error.
 */
public final class EmfCostProbe {
    public static void main(String[] args) throws Exception {
        Log.info("probe.start");
        long started = System.nanoTime();
        switch (args[0]) {
            case "baseline" -> {}
            case "own" -> Log.metric(Metric.RECONNECT_REQUIRED, 1);
            case "library" -> {
                software.amazon.cloudwatchlogs.emf.logger.MetricsLogger metrics =
                        new software.amazon.cloudwatchlogs.emf.logger.MetricsLogger();
                metrics.setNamespace(Metric.NAMESPACE);
                metrics.setDimensions();
                metrics.putMetric(
                        Metric.RECONNECT_REQUIRED.metricName(),
                        1,
                        software.amazon.cloudwatchlogs.emf.model.Unit.COUNT);
                metrics.flush();
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.err.println("metricMicros=" + (System.nanoTime() - started) / 1_000);
    }
}
