package se.samverkan.platform.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.samverkan.signing.EventKeys;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers that never reach a controller: a URL Spring Security's firewall refuses, a request line Tomcat cannot
 * parse, {@code /error} called directly. Each is problem+json with a 4xx and says nothing of what was sent (a path
 * can hold a personnummer), in the answer and in the log. Raw HTTP over a socket, as a client that does not check
 * its URLs would send it.
 */
@SpringBootTest(classes = HttpLoadLimitsIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.threads.virtual.enabled=true",
        "management.endpoints.web.exposure.include=health",
        "samverkan.kafka.security-protocol=PLAINTEXT",
        "samverkan.development-mode=true"})
@ExtendWith(OutputCaptureExtension.class)
class ErrorPathsIT {

    private static final String PERSONNUMMER = "201003159124";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        registry.add("samverkan.events.signing-key", () -> EventKeys.generateSigningKey("case-service/error-paths-test"));
    }

    @Test
    void a_url_the_firewall_refuses_is_a_400_problem_that_does_not_echo_the_path(CapturedOutput output) throws Exception {
        for (String target : new String[]{"/test/quick;" + PERSONNUMMER, "/test//" + PERSONNUMMER, "/test/%2e%2e/" + PERSONNUMMER,
                "/test/%25" + PERSONNUMMER}) {
            Answer answer = raw("GET " + target + " HTTP/1.1", "quick-user");
            assertThat(answer.status()).as(target + ": " + answer.text()).isEqualTo(400);
            assertThat(answer.contentType()).as(target).startsWith("application/problem+json");
            assertThat(answer.body()).as(target).contains("\"status\":400").doesNotContain(PERSONNUMMER);
        }
        assertThat(output.getAll()).doesNotContain(PERSONNUMMER);
    }

    @Test
    void a_request_line_tomcat_cannot_parse_is_a_400_problem_that_does_not_echo_it(CapturedOutput output) throws Exception {
        for (String target : new String[]{"/test/quick|Elsa%20" + PERSONNUMMER, "/test/" + PERSONNUMMER + "%2Fx", "/test/{" + PERSONNUMMER + "}"}) {
            Answer answer = raw("GET " + target + " HTTP/1.1", null);
            assertThat(answer.status()).as(target + ": " + answer.text()).isEqualTo(400);
            assertThat(answer.contentType()).as(target + ": " + answer.text()).startsWith("application/problem+json");
            assertThat(answer.body()).as(target).contains("\"status\":400").doesNotContain(PERSONNUMMER).doesNotContain("Elsa");
        }
        assertThat(output.getAll()).doesNotContain(PERSONNUMMER).doesNotContain("Elsa");
    }

    @Test
    void the_error_page_called_directly_is_not_a_500() throws Exception {
        for (String token : new String[]{null, "quick-user"}) {
            Answer answer = raw("GET /error HTTP/1.1", token);
            assertThat(answer.status()).as(answer.text()).isEqualTo(404);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
    }

    private Answer raw(String requestLine, String token) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            in.transferTo(read);
            return new Answer(read.toString(StandardCharsets.UTF_8));
        }
    }

    private record Answer(String text) {

        int status() {
            return Integer.parseInt(text.substring(9, 12));
        }

        String contentType() {
            return text.lines().takeWhile(line -> !line.isEmpty())
                    .filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:"))
                    .map(line -> line.substring("content-type:".length()).trim()).findFirst().orElse("");
        }

        String body() {
            int start = text.indexOf("\r\n\r\n");
            return start < 0 ? "" : text.substring(start + 4);
        }
    }
}
