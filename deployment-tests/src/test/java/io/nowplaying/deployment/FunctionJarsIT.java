package io.nowplaying.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Each function's jar as template.yaml deploys it (the one Maven builds, opened in a class loader of
 * its own as Lambda does): its CodeUri, its handler, and nothing in it that Lambda does not run.
 */
class FunctionJarsIT extends DeployedTemplate {
    @TestFactory
    Stream<DynamicTest> codeUriIsTheJarItsModuleBuilds() {
        return eachFunction(function -> {
            String module = moduleOf(function);
            assertEquals(
                    module + "/target/" + module + ".jar", function.codeUri(), "CodeUri of " + function.logicalId());
            Document pom = xml(root.resolve(module).resolve("pom.xml"));
            assertEquals(module, childText(pom.getDocumentElement(), "artifactId"), module + "/pom.xml artifactId");
            Element build = child(pom.getDocumentElement(), "build");
            assertNotNull(build, module + "/pom.xml has no <build>");
            assertEquals(module, childText(build, "finalName"), module + "/pom.xml <finalName> (the jar's name)");
            List<String> modules = texts(child(xml(root.resolve("pom.xml")).getDocumentElement(), "modules"), "module");
            assertTrue(modules.contains(module), "the parent POM builds " + module);
            assertTrue(
                    Files.isRegularFile(root.resolve(function.codeUri())), "the reactor built " + function.codeUri());
        });
    }

    @TestFactory
    Stream<DynamicTest> handlerIsAStreamHandlerInItsJar() {
        return eachFunction(function -> {
            ClassLoader jar = jarOf(function);
            Class<?> handler = load(jar, function.handlerClass(), function);
            assertTrue(
                    load(jar, STREAM_HANDLER, function).isAssignableFrom(handler),
                    function.handlerClass() + " implements RequestStreamHandler");
            assertTrue(
                    Modifier.isPublic(handler.getModifiers()) && !Modifier.isAbstract(handler.getModifiers()),
                    function.handlerClass() + " is a public concrete class");
            try {
                handler.getConstructor();
            } catch (NoSuchMethodException e) {
                fail(function.handlerClass() + " has no public no-argument constructor, which Lambda calls");
            }
            Method method;
            try {
                method = handler.getMethod(
                        function.handlerMethod(),
                        InputStream.class,
                        OutputStream.class,
                        load(jar, LAMBDA_CONTEXT, function));
            } catch (NoSuchMethodException e) {
                throw new AssertionError(
                        function.handlerClass() + " has no public " + function.handlerMethod()
                                + "(InputStream, OutputStream, Context)",
                        e);
            }
            assertFalse(Modifier.isStatic(method.getModifiers()), function.handler() + " is an instance method");
            assertEquals(void.class, method.getReturnType(), function.handler() + " returns void");
        });
    }

    /**
     * The simulated Spotify, the test peers and the builder of API Gateway's events serve the local
     * server, the benchmark and tests, never Lambda: a class that writes an event's
     * {@code requestContext.timeEpoch} builds events (reading one never needs it). CORS is API
     * Gateway's, from the template's CorsConfiguration, so no class of ours names a CORS header.
     */
    @TestFactory
    Stream<DynamicTest> jarHoldsNoSimulatorTestSupportOrEventBuilderAndWritesNoCorsHeader() {
        return eachFunction(function -> {
            List<String> strays = new ArrayList<>();
            try (ZipFile jar = new ZipFile(root.resolve(function.codeUri()).toFile())) {
                for (ZipEntry entry : Collections.list(jar.entries())) {
                    String name = entry.getName();
                    if (name.startsWith("io/nowplaying/simulator/") || name.startsWith("io/nowplaying/testing/")) {
                        strays.add(name);
                    } else if (name.endsWith(".class")) {
                        String constants;
                        try (InputStream in = jar.getInputStream(entry)) {
                            constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                        }
                        if (constants.contains("timeEpoch")) {
                            strays.add(name + " (builds API Gateway events)");
                        }
                        if (name.startsWith("io/nowplaying/") && constants.contains("Access-Control-")) {
                            strays.add(name + " (writes a CORS header)");
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertEquals(List.of(), strays, function.codeUri() + " bundles only what Lambda runs");
        });
    }

    @TestFactory
    Stream<DynamicTest> jarHoldsNoNativeCodeTiedToX86() {
        return eachFunction(function -> {
            List<String> nativeLibraries = new ArrayList<>();
            try (ZipFile jar = new ZipFile(root.resolve(function.codeUri()).toFile())) {
                for (ZipEntry entry : Collections.list(jar.entries())) {
                    String name = entry.getName().toLowerCase(Locale.ROOT);
                    if (!entry.isDirectory()
                            && (name.endsWith(".so")
                                    || name.contains(".so.")
                                    || name.endsWith(".dll")
                                    || name.endsWith(".dylib")
                                    || name.endsWith(".jnilib")
                                    || name.startsWith("meta-inf/native/"))) {
                        nativeLibraries.add(entry.getName());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            boolean hasLinuxArm64 = nativeLibraries.stream()
                    .map(n -> n.toLowerCase(Locale.ROOT))
                    .anyMatch(n -> n.contains("linux") && (n.contains("aarch64") || n.contains("arm64")));
            assertTrue(
                    nativeLibraries.isEmpty() || hasLinuxArm64,
                    function.codeUri()
                            + " holds native code without a Linux arm64 build, but the functions run on arm64: "
                            + nativeLibraries);
        });
    }
}
