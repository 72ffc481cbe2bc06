package io.nowplaying.deployment;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a fresh JVM whose class path is one function jar (plus this class): builds the handler
 * named by the first argument with its no-arg constructor, as Lambda does, and invokes it once with
 * the event in the file named by the second. Uses nothing but the JDK and the jar.
 */
public final class ColdInvoke {
    private ColdInvoke() {}

    public static void main(String[] args) throws Exception {
        RequestStreamHandler handler =
                (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[1]))), response, null);
            System.out.println("cold-invoke: answered");
        } catch (Exception e) {
            System.out.println("cold-invoke: the handler threw " + e.getClass().getName());
        }
    }
}
