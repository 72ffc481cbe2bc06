package io.nowplaying.nowplaying;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.json.Json;
import java.time.Instant;
import java.util.List;

/** The JSON of {@link io.nowplaying.core.http.Route#STATUS}: camelCase, every key present, unknown values null. */
public final class StatusJson {
    private StatusJson() {}

    public static ObjectNode toJson(StatusService.Status status) {
        ObjectNode json = Json.object();
        json.put("state", status.state().jsonName());
        json.put("action", status.state().action());
        json.put("connected", status.connected());
        json.put("ownerId", status.ownerId());
        json.put("ownerDisplayName", status.ownerDisplayName());
        putList(json, "scopes", status.scopes());
        putList(json, "missingScopes", status.missingScopes());
        json.put("authorizedAt", iso(status.authorizedAt()));
        json.put("refreshTokenExpiresAt", iso(status.refreshTokenExpiresAt()));
        json.put("daysLeft", status.daysLeft());
        json.put(
                "reauthorizeBy",
                status.reauthorizeBy() == null ? null : status.reauthorizeBy().toString());
        json.put("daysUntilReauthorization", status.daysLeft());
        json.put("expiresSoon", status.expiresSoon());
        if (status.needsReconnect() == null) {
            json.putNull("needsReconnect");
        } else {
            ObjectNode reconnect = json.putObject("needsReconnect");
            reconnect.put("at", iso(status.needsReconnect().at()));
            reconnect.put("reason", status.needsReconnect().reason());
        }
        if (status.lastError() == null) {
            json.putNull("lastError");
        } else {
            ObjectNode error = json.putObject("lastError");
            error.put("kind", status.lastError().kind());
            error.put("at", iso(status.lastError().at()));
        }
        json.put("accessTokenExpiresAt", iso(status.accessTokenExpiresAt()));
        return json;
    }

    private static void putList(ObjectNode json, String field, List<String> values) {
        if (values == null) {
            json.putNull(field);
            return;
        }
        ArrayNode array = json.putArray(field);
        values.forEach(array::add);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
