package io.nowplaying.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Invokes handlers the way the Lambda Java runtime does: a {@link RequestStreamHandler} gets the raw
 * event bytes, and {@link #deserialize} reads an event with the runtime's own serializer
 * (aws-lambda-java-serialization), so tests can prove our events are what the runtime would accept.
 */
public final class LambdaRuntime {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LambdaRuntime() {}

    /** Invokes a stream handler with the event bytes and returns the response JSON. */
    public static JsonNode invoke(RequestStreamHandler handler, byte[] event) {
        return invoke(handler, event, context());
    }

    /** Invokes a stream handler with the event bytes and a context of the test's choice. */
    public static JsonNode invoke(RequestStreamHandler handler, byte[] event, Context context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, context);
            return MAPPER.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode invoke(RequestStreamHandler handler, String event) {
        return invoke(handler, event.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads an HTTP API 2.0 event with the runtime's serializer for {@link APIGatewayV2HTTPEvent}. */
    public static APIGatewayV2HTTPEvent deserialize(byte[] event) {
        PojoSerializer<APIGatewayV2HTTPEvent> serializer =
                LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, LambdaRuntime.class.getClassLoader());
        return serializer.fromJson(new ByteArrayInputStream(event));
    }

    /** A context with ten seconds left, as at the start of an invocation of the template's functions. */
    public static Context context() {
        return context(Duration.ofSeconds(10));
    }

    /** A context whose {@code getRemainingTimeInMillis()} reports {@code remaining}. */
    public static Context context(Duration remaining) {
        return FunctionContext.withRemaining(remaining);
    }
}
