package io.nowplaying.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The Lambda context of an invocation outside Lambda (tests, the bench, the local server): the
 * function's name, a request id, its memory and the time it has left, which is all the functions
 * read ({@code Deadline} reads the remaining time).
 */
public record FunctionContext(String functionName, String requestId, int memoryMb, IntSupplier remainingMillis)
        implements Context {

    /** An invocation starting now that may take {@code timeoutSeconds}: its remaining time counts down. */
    public static FunctionContext startingNow(String functionName, String requestId, int memoryMb, int timeoutSeconds) {
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
        return new FunctionContext(
                functionName, requestId, memoryMb, () -> (int) Math.max(0, deadline - System.currentTimeMillis()));
    }

    /** A test's invocation that always reports {@code remaining} left, however long it runs. */
    public static FunctionContext withRemaining(Duration remaining) {
        int millis = (int) remaining.toMillis();
        return new FunctionContext("test", "test-request", 512, () -> millis);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis.getAsInt();
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.println(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.println(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
