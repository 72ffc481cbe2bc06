package io.nowplaying.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * API Gateway's CORS for the HTTP API, emulated by the local server from template.yaml's
 * {@code CorsConfiguration} resolved with samconfig.toml's local parameter values, so that a page on
 * another origin sees locally what the deployed API sends it. As API Gateway does
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html), the server
 * answers preflights itself, never the function; it adds the configured headers to a function's
 * answer when the request's Origin is allowed (exactly, or by {@code *}) and ignores CORS headers the
 * function sends; any other origin gets no CORS header.
 *
 * <p>{@code sam local start-api} (samcli/local/apigw/local_apigw_service.py and
 * lib/providers/provider.py's {@code Cors.cors_to_headers}) also answers preflights from this
 * configuration, but with 200, and it puts the preflight headers on every answer instead of
 * {@code Access-Control-Expose-Headers}, which it never sends.
 *
 * @param maxAge seconds a browser may cache a preflight; null when not configured
 */
public record ApiGatewayCors(
        List<String> allowOrigins,
        List<String> allowMethods,
        List<String> allowHeaders,
        List<String> exposeHeaders,
        Integer maxAge,
        boolean allowCredentials) {
    public ApiGatewayCors {
        allowOrigins = List.copyOf(allowOrigins);
        allowMethods = List.copyOf(allowMethods);
        allowHeaders = List.copyOf(allowHeaders);
        exposeHeaders = List.copyOf(exposeHeaders);
    }

    /**
     * The {@code CorsConfiguration} of the template's HttpApi (else of {@code Globals.HttpApi}) for
     * these parameter values; empty when there is none or it is {@code false}, as then API Gateway
     * answers no preflight and adds no CORS header.
     */
    public static Optional<ApiGatewayCors> of(SamTemplate template, Map<String, String> parameters) {
        JsonNode configured = template.root().path("Globals").path("HttpApi").path("CorsConfiguration");
        for (JsonNode resource : template.root().path("Resources")) {
            if (resource.path("Type").asText().equals("AWS::Serverless::HttpApi")
                    && resource.path("Properties").has("CorsConfiguration")) {
                configured = resource.path("Properties").path("CorsConfiguration");
            }
        }
        JsonNode cors = template.resolve(configured, parameters);
        if (cors.isMissingNode() || cors.isBoolean()) {
            return cors.asBoolean(false)
                    ? Optional.of(new ApiGatewayCors(List.of("*"), List.of(), List.of(), List.of(), null, false))
                    : Optional.empty();
        }
        return Optional.of(new ApiGatewayCors(
                texts(cors, "AllowOrigins"),
                texts(cors, "AllowMethods"),
                texts(cors, "AllowHeaders"),
                texts(cors, "ExposeHeaders"),
                cors.has("MaxAge") ? cors.get("MaxAge").asInt() : null,
                cors.path("AllowCredentials").asBoolean(false)));
    }

    private static List<String> texts(JsonNode cors, String name) {
        JsonNode list = cors.path(name);
        List<String> texts = new ArrayList<>();
        list.forEach(item -> texts.add(item.isValueNode() ? item.asText() : null));
        if (!list.isMissingNode() && (!list.isArray() || texts.contains(null))) {
            throw new IllegalStateException("template.yaml: CorsConfiguration." + name
                    + " does not resolve to a list of strings for the local parameters: " + list);
        }
        return texts;
    }

    /** The Access-Control-Allow-Origin this origin gets: {@code *}, the origin itself, or none. */
    public Optional<String> allowOrigin(String origin) {
        if (origin == null || origin.isEmpty()) {
            return Optional.empty();
        }
        return allowOrigins.contains("*")
                ? Optional.of("*")
                : Optional.of(origin).filter(allowOrigins::contains);
    }

    /**
     * The server's answer to an OPTIONS on a route's path: 204, with the preflight headers when it is
     * a preflight (it names the method it asks for) from an allowed origin.
     */
    public HttpResponse preflight(String origin, String requestMethod) {
        Map<String, String> headers = new LinkedHashMap<>();
        Optional<String> allowed = requestMethod == null ? Optional.empty() : allowOrigin(origin);
        allowed.ifPresent(value -> {
            headers.put("Access-Control-Allow-Origin", value);
            putList(headers, "Access-Control-Allow-Methods", allowMethods);
            putList(headers, "Access-Control-Allow-Headers", allowHeaders);
            if (maxAge != null) {
                headers.put("Access-Control-Max-Age", maxAge.toString());
            }
            putCredentials(headers);
        });
        HttpResponse response = new HttpResponse(204, null, "");
        headers.forEach(response::header);
        return response;
    }

    /**
     * A function's answer headers as API Gateway passes them on to a request from {@code origin}:
     * without the CORS headers the function sent, and with the configured ones if the origin is allowed.
     */
    public Map<String, String> onAnswer(String origin, Map<String, String> answer) {
        Map<String, String> headers = new LinkedHashMap<>();
        answer.forEach((name, value) -> {
            if (!name.toLowerCase(Locale.ROOT).startsWith("access-control-")) {
                headers.put(name, value);
            }
        });
        allowOrigin(origin).ifPresent(value -> {
            headers.put("Access-Control-Allow-Origin", value);
            putList(headers, "Access-Control-Expose-Headers", exposeHeaders);
            putCredentials(headers);
        });
        return headers;
    }

    private void putCredentials(Map<String, String> headers) {
        if (allowCredentials) {
            headers.put("Access-Control-Allow-Credentials", "true");
        }
    }

    private static void putList(Map<String, String> headers, String name, List<String> values) {
        if (!values.isEmpty()) {
            headers.put(name, String.join(",", values));
        }
    }
}
