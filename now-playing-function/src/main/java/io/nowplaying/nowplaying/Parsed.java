package io.nowplaying.nowplaying;

import java.util.function.Function;

/**
 * What reading a request's query came to: the value, or the 400 {@link Problem} to answer with.
 * {@link #fold} is how callers take it apart.
 *
 * @param <T> the value read
 */
sealed interface Parsed<T> {
    <R> R fold(Function<T, R> valid, Function<Problem, R> invalid);

    record Valid<T>(T value) implements Parsed<T> {
        @Override
        public <R> R fold(Function<T, R> valid, Function<Problem, R> invalid) {
            return valid.apply(value);
        }
    }

    record Invalid<T>(Problem problem) implements Parsed<T> {
        @Override
        public <R> R fold(Function<T, R> valid, Function<Problem, R> invalid) {
            return invalid.apply(problem);
        }
    }
}
