package io.omnicanal.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives Debian's headless Chromium through the Chrome DevTools Protocol over a loopback
 * WebSocket (JDK's {@code java.net.http}, no extra dependency): opens a local file, evaluates an
 * expression, collects console errors and uncaught exceptions, and takes a full-page screenshot.
 * Test code only.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final Path profileDir;
    private final WebSocket socket;
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<String> consoleErrors = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** The Chromium binary: $CHROMIUM, /usr/bin/chromium, or none. */
    static Optional<Path> binary() {
        String env = System.getenv("CHROMIUM");
        for (String candidate : new String[] {env, "/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (candidate != null && Files.isExecutable(Path.of(candidate))) {
                return Optional.of(Path.of(candidate));
            }
        }
        return Optional.empty();
    }

    HeadlessChromium(Path binary) throws IOException, InterruptedException {
        profileDir = Files.createTempDirectory("omnicanal-chromium");
        process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profileDir,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String browserUrl = awaitDevToolsUrl();
        URI browser = URI.create(browserUrl);
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        URI list = URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list");
        String pageUrl = null;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (pageUrl == null && System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(list).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : json.readTree(r.body())) {
                if ("page".equals(target.path("type").asText())) {
                    pageUrl = target.path("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (pageUrl == null) {
                TimeUnit.MILLISECONDS.sleep(100); // polling an external process, not a test clock
            }
        }
        if (pageUrl == null) {
            throw new IOException("Chromium opened no page target");
        }
        socket = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new Listener()).join();
        call("Runtime.enable", json.createObjectNode());
        call("Log.enable", json.createObjectNode());
        call("Page.enable", json.createObjectNode());
    }

    private String awaitDevToolsUrl() throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = err.readLine(); line != null; line = err.readLine()) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> drain(err), "chromium-stderr");
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
            seen.append(line).append('\n');
        }
        throw new IOException("Chromium exited before DevTools listened:\n" + seen);
    }

    private static void drain(BufferedReader err) {
        try {
            while (err.readLine() != null) {
                // Chromium's own log; console messages arrive over the protocol instead.
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /**
     * Loads a page and waits for its load event.
     *
     * @param url the page
     */
    void open(String url) throws IOException, InterruptedException {
        ObjectNode p = json.createObjectNode();
        p.put("url", url);
        call("Page.navigate", p);
        awaitEvent("Page.loadEventFired");
    }

    /**
     * Evaluates an expression in the page and returns its value (as JSON).
     *
     * @param expression JavaScript
     * @return the value
     */
    JsonNode evaluate(String expression) throws IOException, InterruptedException {
        ObjectNode p = json.createObjectNode();
        p.put("expression", expression);
        p.put("returnByValue", true);
        JsonNode r = call("Runtime.evaluate", p);
        if (r.has("exceptionDetails")) {
            throw new IOException("evaluation failed: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Takes a PNG screenshot of the whole page. */
    byte[] screenshot() throws IOException, InterruptedException {
        JsonNode metrics = call("Page.getLayoutMetrics", json.createObjectNode());
        JsonNode size = metrics.has("cssContentSize") ? metrics.get("cssContentSize") : metrics.get("contentSize");
        ObjectNode p = json.createObjectNode();
        p.put("format", "png");
        p.put("captureBeyondViewport", true);
        ObjectNode clip = p.putObject("clip");
        clip.put("x", 0);
        clip.put("y", 0);
        clip.put("width", Math.min(1100, size.get("width").asDouble()));
        clip.put("height", size.get("height").asDouble());
        clip.put("scale", 1);
        return Base64.getDecoder().decode(call("Page.captureScreenshot", p).get("data").asText());
    }

    /** Console errors, uncaught exceptions and error log entries seen so far. */
    List<String> consoleErrors() throws InterruptedException {
        drainEvents();
        return List.copyOf(consoleErrors);
    }

    private JsonNode call(String method, ObjectNode params) throws IOException, InterruptedException {
        int id = ids.incrementAndGet();
        ObjectNode msg = json.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", params);
        socket.sendText(json.writeValueAsString(msg), true).join();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode m = inbox.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new IOException("no answer to " + method);
            }
            if (m.path("id").asInt(-1) == id) {
                if (m.has("error")) {
                    throw new IOException(method + " failed: " + m.get("error"));
                }
                return m.path("result");
            }
            record(m);
        }
    }

    private void awaitEvent(String method) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode m = inbox.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new IOException("no " + method + " event");
            }
            record(m);
            if (method.equals(m.path("method").asText())) {
                return;
            }
        }
    }

    private void drainEvents() throws InterruptedException {
        for (JsonNode m = inbox.poll(200, TimeUnit.MILLISECONDS); m != null; m = inbox.poll(50, TimeUnit.MILLISECONDS)) {
            record(m);
        }
    }

    private void record(JsonNode m) {
        String method = m.path("method").asText();
        JsonNode p = m.path("params");
        switch (method) {
            case "Runtime.exceptionThrown" -> consoleErrors.add("exception: " + p.path("exceptionDetails"));
            case "Runtime.consoleAPICalled" -> {
                String type = p.path("type").asText();
                if (type.equals("error") || type.equals("assert")) {
                    consoleErrors.add("console." + type + ": " + p.path("args"));
                }
            }
            case "Log.entryAdded" -> {
                if (p.path("entry").path("level").asText().equals("error")) {
                    consoleErrors.add("log: " + p.path("entry").path("text").asText() + " "
                            + p.path("entry").path("url").asText());
                }
            }
            default -> {
                // other events are not of interest
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(profileDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    inbox.add(json.readTree(partial.toString()));
                } catch (IOException e) {
                    consoleErrors.add("unreadable protocol message: " + e.getMessage());
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }
}
