package io.nowplaying.core.store;

/** The token store could not be read or written (after retries). The message never carries a token. */
public final class TokenStoreException extends RuntimeException {
    public TokenStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
