package io.nowplaying.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** The Markdown report the benchmark writes. */
final class Report {
    private final boolean smoke;
    private final int runs;
    private final StringBuilder sections = new StringBuilder();
    private String machine = "";
    private final StringBuilder targets = new StringBuilder();
    private final StringBuilder tried = new StringBuilder();

    /** A row of the summary: what the issue asks, what this run measured, whether it is met. */
    void target(String target, String measured, boolean met) {
        target(target, measured, met, true);
    }

    /** As above; {@code valid} is false when the function did not do the work (e.g. it answered an error). */
    void target(String target, String measured, boolean met, boolean valid) {
        targets.append("| ")
                .append(target)
                .append(" | ")
                .append(measured)
                .append(" | ")
                .append(!valid ? "not measured: the function did not answer 200" : met ? "met" : "**missed**")
                .append(" |\n");
    }

    /** A row whose verdict is not met or missed, e.g. a target this machine cannot measure in full. */
    void targetWithVerdict(String target, String measured, String verdict) {
        targets.append("| ")
                .append(target)
                .append(" | ")
                .append(measured)
                .append(" | ")
                .append(verdict)
                .append(" |\n");
    }

    Report(boolean smoke, int runs) {
        this.smoke = smoke;
        this.runs = runs;
    }

    void machine(String table) {
        machine = table;
    }

    void coldStart(String handler, List<ColdStartSection.Summary> summaries, List<String> notes) {
        ColdStartSection.Summary reference = summaries.stream()
                .filter(s -> s.variant().reference())
                .findFirst()
                .orElseThrow();
        sections.append("## 1. Cold path\n\n");
        sections.append("A fresh process per run answers one `GET /api/spotify/now-playing` (events/now-playing.json) "
                        + "through a local Lambda Runtime API stand-in: the Java function is started as Lambda starts it "
                        + "(aws-lambda-java-runtime-interface-client, handler `")
                .append(handler)
                .append(
                        "` read from template.yaml), reads its secrets from moto, refreshes the expired access token at "
                                + "a stub accounts server, stores it, and asks a stub Web API for the currently playing item. "
                                + "Wall time runs from process start to the response POST; CPU time (user+system) and peak RSS "
                                + "(VmHWM) are read from /proc at that moment. Median of ")
                .append(runs)
                .append(" interleaved runs.\n\n");
        sections.append(
                "| variant | wall (ms) | ×Node | CPU (ms) | ×Node | peak RSS (MiB) | ×Node | first request: wall (ms) | first request: CPU (ms) | answer | token calls | currently-playing calls |\n");
        sections.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|\n");
        for (ColdStartSection.Summary s : summaries) {
            sections.append(String.format(
                    Locale.ROOT,
                    "| %s | %.0f | %.2f | %.0f | %.2f | %.0f | %.2f | %.0f | %.0f | %s | %d | %d |%n",
                    s.variant().name(),
                    s.wallMillis(),
                    s.wallMillis() / reference.wallMillis(),
                    s.cpuMillis(),
                    s.cpuMillis() / reference.cpuMillis(),
                    s.peakRssMiB(),
                    s.peakRssMiB() / reference.peakRssMiB(),
                    s.firstRequestMillis(),
                    s.firstRequestCpuMillis(),
                    s.status(),
                    s.tokenCallsPerRun(),
                    s.currentlyPlayingCallsPerRun()));
        }
        sections.append("\n*First request* runs from the runtime's first `invocation/next` (its initialisation, and "
                + "priming where it runs, are over) to its response: the part of a cold start that SnapStart does not "
                + "take away, since a restored instance starts at that point (plus the restore itself).\n\n");
        ColdStartSection.Summary java = summaries.get(0);
        target(
                String.format(
                        Locale.ROOT,
                        "cold wall time ≤ 1.0× Node.js (`%s`)",
                        java.variant().name()),
                String.format(
                        Locale.ROOT,
                        "%.2f× (%.0f ms vs %.0f ms)",
                        java.wallMillis() / reference.wallMillis(),
                        java.wallMillis(),
                        reference.wallMillis()),
                java.wallMillis() <= reference.wallMillis(),
                java.status().equals("HTTP 200"));
        target(
                "cold CPU time ≤ 0.5 s",
                String.format(
                        Locale.ROOT,
                        "%.2f s (%.2f× Node.js)",
                        java.cpuMillis() / 1000,
                        java.cpuMillis() / reference.cpuMillis()),
                java.cpuMillis() <= 500,
                java.status().equals("HTTP 200"));
        target(
                "cold peak RSS ≤ Node.js",
                String.format(
                        Locale.ROOT,
                        "%.0f MiB vs %.0f MiB (%.2f×)",
                        java.peakRssMiB(),
                        reference.peakRssMiB(),
                        java.peakRssMiB() / reference.peakRssMiB()),
                java.peakRssMiB() <= reference.peakRssMiB(),
                java.status().equals("HTTP 200"));
        for (ColdStartSection.Summary card : summaries) {
            String name = card.variant().name();
            if (!name.equals(Variants.SVG_ART) && !name.equals(Variants.SVG_SLOW_ART)) {
                continue;
            }
            double slowest = card.runs().stream()
                    .mapToDouble(ColdStart.Run::wallMillis)
                    .max()
                    .orElse(Double.NaN);
            long over = card.runs().stream().filter(r -> r.wallMillis() > 4000).count();
            target(
                    String.format(
                            Locale.ROOT,
                            "cold SVG card %s within GitHub's image proxy's ~4 s, median (`%s`)",
                            name.equals(Variants.SVG_ART) ? "with album art" : "with album art 3 s late",
                            name),
                    String.format(
                            Locale.ROOT,
                            "%.0f ms, %.0f ms under 4 s; %d of %d runs over 4 s (slowest %.0f ms)",
                            card.wallMillis(),
                            4000 - card.wallMillis(),
                            over,
                            card.runs().size(),
                            slowest),
                    card.wallMillis() <= 4000,
                    card.status().equals("HTTP 200"));
        }
        summaries.stream()
                .filter(s -> s.variant().name().equals("java17-primed"))
                .findFirst()
                .ifPresent(primed -> targetWithVerdict(
                        "cold wall time ≤ 1.0× Node.js with SnapStart (`java17-primed`: restore + first request)",
                        String.format(
                                Locale.ROOT,
                                "first request after priming %.0f ms (%.2f× Node.js's whole cold start, "
                                        + "%.0f ms; `java17` without priming: %.0f ms) + the restore, which cannot be measured here",
                                primed.firstRequestMillis(),
                                primed.firstRequestMillis() / reference.wallMillis(),
                                reference.wallMillis(),
                                java.firstRequestMillis()),
                        "not measurable here"));
        for (ColdStartSection.Summary s : summaries) {
            sections.append("- `")
                    .append(s.variant().name())
                    .append("`: ")
                    .append(s.variant().description())
                    .append(". Runs (wall ms): ");
            sections.append(String.join(
                    ", ",
                    s.runs().stream()
                            .map(r -> String.format(Locale.ROOT, "%.0f", r.wallMillis()))
                            .toList()));
            sections.append("\n");
        }
        for (String note : notes) {
            sections.append("- ").append(note).append("\n");
        }
        sections.append("\n");
    }

    /** What each cold-start lever did in this run, and which ones count for the deployed function. */
    void levers(List<ColdStartSection.Summary> summaries) {
        java.util.Map<String, ColdStartSection.Summary> byName = new java.util.HashMap<>();
        summaries.forEach(s -> byName.put(s.variant().name(), s));
        ColdStartSection.Summary base = byName.get("java17");
        sections.append("### Levers\n\n");
        sections.append("Already in the code before this benchmark, so part of every Java figure above: a "
                + "`RequestStreamHandler` that parses the event with one Jackson tree (the runtime never loads its "
                + "POJO serializer: see its class count in the census), the SDK's url-connection HTTP client with "
                + "explicit region and environment credentials (no Apache client, no provider-chain probing), "
                + "HttpURLConnection for Spotify, and the album-art `java.net.http` client created only when an SVG "
                + "card needs it.\n\n");
        sections.append(
                "| lever | wall vs `java17` | CPU vs `java17` | peak RSS vs `java17` | counts for the deployed function? |\n");
        sections.append("|---|---:|---:|---:|---|\n");
        lever(
                byName.get("java17-primed"),
                base,
                "Yes: template.yaml turns SnapStart on, and Lambda runs the same "
                        + "hooks before it snapshots a published version. Its wall and CPU time here include initialisation and "
                        + "priming, which SnapStart moves to publish time; what priming buys is the *first request* column "
                        + "against `java17`'s. The restore itself cannot be measured on this machine.");
        lever(
                byName.get("java17-appcds"),
                base,
                "No. It has to be built by exactly the JVM build that runs it "
                        + "(Lambda's Corretto 21, patched by Lambda at will: a mismatched archive is silently ignored), which this "
                        + "build cannot run; template.yaml does not deploy one.");
        lever(
                byName.get("java25"),
                base,
                "Yes: template.yaml runs every function on `java25` (the jars stay release 17); Lambda's java25 "
                        + "runtime also brings its own AOT cache for the runtime client, which this run does not have.");
        lever(
                byName.get("java25-aotcache"),
                base,
                "No. Lambda's java25 runtime ships its own AOT cache for the runtime "
                        + "client and recommends against deploying your own AOT cache on managed runtimes (container images "
                        + "only); a deployed CDS archive disables Lambda's AOT cache.");
        sections.append("\n`java17-primed` runs the handlers' SnapStart priming (spotify-core `SnapStartPriming`): the "
                + "Secrets Manager client and the token store against the SDK's canned-response HTTP client, in-memory "
                + "routes (CORS preflight, 404) from a bundled event, an unconnected `HttpURLConnection`, and for "
                + "now-playing the JSON mapping of a bundled sample; no secret, token or connection.\n\n"
                + "Not tried in code, with the reason: replacing the AWS SDK on the cold path by a hand-written "
                + "SigV4 GetSecretValue/PutSecretValue client (the SDK is the largest non-JDK class count in the census, "
                + "but issue 2 requires the SDK); priming a TLS handshake or the SDK's `SdkWarmUp` (both open "
                + "connections, SdkWarmUp to STS, and TLS would put session state and seeded randomness into the "
                + "snapshot); shade `minimizeJar` (the jars already meet 8 MB, class loading depends on the classes "
                + "loaded rather than the jar size, and the SDK's reflective and service-loaded classes make it risky "
                + "for no cold-start gain).\n\n");
    }

    private void lever(ColdStartSection.Summary lever, ColdStartSection.Summary base, String verdict) {
        if (lever == null || base == null) {
            return;
        }
        String deployed = verdict.startsWith("Yes")
                ? "deployed"
                : verdict.startsWith("Not adopted") ? "not adopted" : "not deployable on Lambda's managed runtime";
        tried.append(String.format(
                Locale.ROOT,
                "- `%s` (%s): cold wall %.2f× `java17`, first request %.0f ms vs %.0f ms, "
                        + "first-request CPU %.0f ms vs %.0f ms.%n",
                lever.variant().name(),
                deployed,
                lever.wallMillis() / base.wallMillis(),
                lever.firstRequestMillis(),
                base.firstRequestMillis(),
                lever.firstRequestCpuMillis(),
                base.firstRequestCpuMillis()));
        sections.append(String.format(
                Locale.ROOT,
                "| `%s` | %.2f× (%.0f ms) | %.2f× | %.2f× | %s |%n",
                lever.variant().name(),
                lever.wallMillis() / base.wallMillis(),
                lever.wallMillis(),
                lever.cpuMillis() / base.cpuMillis(),
                lever.peakRssMiB() / base.peakRssMiB(),
                verdict));
    }

    void section(String markdown) {
        sections.append(markdown).append("\n");
    }

    String render() {
        return "# Performance report\n\n"
                + "Written by `bench/run.sh" + (smoke ? " --smoke" : "") + "` at "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "."
                + (smoke ? " **Smoke run: one run each, small counts; the figures are not meaningful.**" : "")
                + "\n\n## Targets\n\n| target | this run | |\n|---|---|---|\n" + targets + "\n"
                + "### What was tried\n\n" + tried
                + "- Token refresh economy: a now-playing instance whose access token expired, or was rejected, first "
                + "re-reads the token secret and uses an access token the schedule or another instance stored since its "
                + "cached read (spotify-core `AccessTokenProvider`, then `TokenRefresher.refreshStoredUnlessReplaced`); the scheduled refresh "
                + "always refreshes. Section 3 runs production (callback's token state, the 45-minute schedule) and a "
                + "failing schedule.\n"
                + "- Not tried: a hand-written SigV4 Secrets Manager client instead of the AWS SDK (issue 2 requires the "
                + "SDK), shade `minimizeJar`, priming TLS or the SDK's `SdkWarmUp` (both open connections); see Levers.\n\n"
                + sections + "## Machine\n\n" + machine;
    }
}
