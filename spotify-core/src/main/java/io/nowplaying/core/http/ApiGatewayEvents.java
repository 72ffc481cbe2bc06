package io.nowplaying.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes API Gateway HTTP API payload format 2.0, the JSON the Lambda runtime hands a
 * {@code RequestStreamHandler}. API Gateway omits {@code queryStringParameters}, {@code body},
 * {@code cookies} (and sometimes {@code headers}) when empty, so each may be absent.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
public final class ApiGatewayEvents {
    private ApiGatewayEvents() {}

    /** True for an HTTP API 2.0 event, false for anything else (e.g. an EventBridge schedule). */
    public static boolean isHttpEvent(JsonNode event) {
        return event.isObject() && event.path("requestContext").has("http");
    }

    /** Reduces an HTTP API 2.0 event to a request; a body that is not valid base64 is treated as absent. */
    public static HttpRequest toRequest(JsonNode event) {
        JsonNode http = event.path("requestContext").path("http");
        String method = Json.text(http, "method");
        String path = Json.text(event, "rawPath");
        if (path == null) {
            path = Json.text(http, "path");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode headerNode = event.get("headers");
        if (headerNode != null && headerNode.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = headerNode.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual()) {
                    headers.put(field.getKey(), field.getValue().asText());
                }
            }
        }
        List<String> cookies = new ArrayList<>();
        JsonNode cookieNode = event.get("cookies");
        if (cookieNode != null && cookieNode.isArray()) {
            cookieNode.forEach(c -> {
                if (c.isTextual()) {
                    cookies.add(c.asText());
                }
            });
        }
        byte[] body = null;
        String rawBody = Json.text(event, "body");
        if (rawBody != null) {
            if (event.path("isBase64Encoded").asBoolean(false)) {
                try {
                    body = Base64.getDecoder().decode(rawBody);
                } catch (IllegalArgumentException e) {
                    body = null;
                }
            } else {
                body = rawBody.getBytes(StandardCharsets.UTF_8);
            }
        }
        return new HttpRequest(
                method,
                path,
                headers,
                Json.text(event, "rawQueryString"),
                cookies,
                body,
                Json.text(event.path("requestContext"), "domainName"));
    }

    /** The payload 2.0 response object. */
    public static ObjectNode toJson(HttpResponse response) {
        ObjectNode json = Json.object();
        json.put("statusCode", response.status());
        ObjectNode headers = json.putObject("headers");
        response.headers().forEach(headers::put);
        if (!response.cookies().isEmpty()) {
            ArrayNode cookies = json.putArray("cookies");
            response.cookies().forEach(cookies::add);
        }
        json.put("body", response.body());
        json.put("isBase64Encoded", false);
        return json;
    }

    public static void write(HttpResponse response, OutputStream out) throws IOException {
        out.write(Json.write(toJson(response)).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
