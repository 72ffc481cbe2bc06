package io.nowplaying.core.log;

/**
 * The CloudWatch metrics the functions emit, declared once: template.yaml's alarms watch these names
 * in {@link #NAMESPACE} (a deployment test compares both sides). Written by {@link Log#metric} as
 * embedded metric format lines, which Lambda's log agent turns into metrics without an API call.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
public enum Metric {
    /** 1 each time the stored refresh token is found refused ({@code invalid_grant}), and at each scheduled run while it stays so. */
    RECONNECT_REQUIRED("ReconnectRequired", Unit.COUNT),
    /** Whole days until the owner must authorize again, from every scheduled refresh that knows the authorization date. */
    DAYS_UNTIL_REAUTHORIZATION("DaysUntilReauthorization", Unit.NONE),
    /** 1 when Spotify answers that the app's owner needs an active Premium subscription. */
    PREMIUM_REQUIRED("PremiumRequired", Unit.COUNT),
    /** 1 when a route needs a scope the connection was not granted. */
    MISSING_SCOPES("MissingScopes", Unit.COUNT);

    public static final String NAMESPACE = "SpotifyNowPlaying";

    /** The CloudWatch units used here, by their EMF names. */
    public enum Unit {
        COUNT("Count"),
        NONE("None");

        private final String emfName;

        Unit(String emfName) {
            this.emfName = emfName;
        }

        public String emfName() {
            return emfName;
        }
    }

    private final String metricName;
    private final Unit unit;

    Metric(String metricName, Unit unit) {
        this.metricName = metricName;
        this.unit = unit;
    }

    /** The CloudWatch metric name. */
    public String metricName() {
        return metricName;
    }

    public Unit unit() {
        return unit;
    }
}
