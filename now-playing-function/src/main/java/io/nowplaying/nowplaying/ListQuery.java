package io.nowplaying.nowplaying;

import io.nowplaying.core.http.HttpRequest;
import io.nowplaying.core.spotify.TimeRange;
import java.util.List;
import java.util.Optional;

/**
 * The query of a list route: {@code limit} 1–{@value #MAX_LIMIT} (default {@value #DEFAULT_LIMIT}),
 * {@code unique} (recently-played), {@code range} (top lists), {@code format} and, for an SVG, the
 * {@link CardOptions}. A parameter given twice or out of its values is a 400 problem naming it;
 * parameters a route does not take are ignored.
 */
record ListQuery(int limit, boolean unique, TimeRange range, Format format, CardOptions card) {
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 50;

    /** {@code ?limit=&unique=&format=} of the recently-played route. */
    static Parsed<ListQuery> recentlyPlayed(HttpRequest request) {
        return parse(request, true, false);
    }

    /** {@code ?range=&limit=&format=} of the top routes. */
    static Parsed<ListQuery> top(HttpRequest request) {
        return parse(request, false, true);
    }

    private static Parsed<ListQuery> parse(HttpRequest request, boolean takesUnique, boolean takesRange) {
        Optional<String> limit;
        Optional<String> unique;
        Optional<String> range;
        Optional<String> format;
        try {
            limit = single(request, "limit");
            unique = takesUnique ? single(request, "unique") : Optional.empty();
            range = takesRange ? single(request, "range") : Optional.empty();
            format = single(request, "format");
        } catch (Repeated repeated) {
            return new Parsed.Invalid<>(Problem.invalidParameter(repeated.parameter, "must be given at most once"));
        }
        Optional<Integer> limitValue = limit.map(ListQuery::limitValue).orElse(Optional.of(DEFAULT_LIMIT));
        if (limitValue.isEmpty()) {
            return new Parsed.Invalid<>(
                    Problem.invalidParameter("limit", "must be a whole number from 1 to " + MAX_LIMIT));
        }
        Optional<Boolean> uniqueValue = unique.map(ListQuery::booleanValue).orElse(Optional.of(false));
        if (uniqueValue.isEmpty()) {
            return new Parsed.Invalid<>(Problem.invalidParameter("unique", "must be true or false"));
        }
        Optional<TimeRange> rangeValue = range.map(TimeRange::named).orElse(Optional.of(TimeRange.SHORT_TERM));
        if (rangeValue.isEmpty()) {
            return new Parsed.Invalid<>(
                    Problem.invalidParameter("range", "must be short_term, medium_term or long_term"));
        }
        Optional<Format> formatValue = format.map(Format::named).orElse(Optional.of(Format.JSON));
        if (formatValue.isEmpty()) {
            return new Parsed.Invalid<>(Problem.unsupportedFormat());
        }
        Parsed<CardOptions> card =
                formatValue.get() == Format.SVG ? CardOptions.from(request) : new Parsed.Valid<>(CardOptions.DEFAULT);
        return card.fold(
                options -> new Parsed.Valid<>(new ListQuery(
                        limitValue.get(), uniqueValue.get(), rangeValue.get(), formatValue.get(), options)),
                Parsed.Invalid::new);
    }

    private static Optional<String> single(HttpRequest request, String name) {
        List<String> values = request.queryValues(name);
        if (values.size() > 1) {
            throw new Repeated(name);
        }
        return values.stream().findFirst();
    }

    private static Optional<Integer> limitValue(String raw) {
        if (!raw.matches("[0-9]{1,2}")) {
            return Optional.empty();
        }
        int value = Integer.parseInt(raw);
        return value >= 1 && value <= MAX_LIMIT ? Optional.of(value) : Optional.empty();
    }

    private static Optional<Boolean> booleanValue(String raw) {
        return switch (raw) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** A parameter given more than once; caught in {@link #parse}. */
    private static final class Repeated extends RuntimeException {
        private final String parameter;

        Repeated(String parameter) {
            super(parameter, null, false, false);
            this.parameter = parameter;
        }
    }
}
