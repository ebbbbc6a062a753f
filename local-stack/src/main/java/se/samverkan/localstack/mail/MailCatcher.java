package se.samverkan.localstack.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import se.samverkan.localstack.StackSettings;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Catches every mail the services send (SMTP, no authentication, any recipient) and lists them as JSON over HTTP,
 * newest last, so a developer can see what notification-service sent without a real mail server.
 */
public final class MailCatcher implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GreenMail greenMail;
    private final HttpServer viewer;

    private MailCatcher(GreenMail greenMail, HttpServer viewer) {
        this.greenMail = greenMail;
        this.viewer = viewer;
    }

    public static MailCatcher start(StackSettings settings) {
        GreenMail greenMail = new GreenMail(new ServerSetup(settings.smtpPort(), StackSettings.HOST, ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        try {
            HttpServer viewer = HttpServer.create(new InetSocketAddress(InetAddress.getByName(StackSettings.HOST), settings.mailViewerPort()), 0);
            MailCatcher catcher = new MailCatcher(greenMail, viewer);
            viewer.createContext("/", exchange -> {
                byte[] body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(catcher.messages());
                exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            viewer.start();
            return catcher;
        } catch (IOException e) {
            greenMail.stop();
            throw new UncheckedIOException("the mail viewer could not listen on port " + settings.mailViewerPort(), e);
        }
    }

    public List<Map<String, Object>> messages() {
        return Arrays.stream(greenMail.getReceivedMessages()).map(MailCatcher::describe).toList();
    }

    private static Map<String, Object> describe(MimeMessage message) {
        Map<String, Object> described = new LinkedHashMap<>();
        try {
            described.put("receivedAt", message.getReceivedDate() == null ? null : message.getReceivedDate().toInstant().toString());
            // notification-service keeps it stable per notification, so a repeated mail shows as a repeated id
            described.put("messageId", message.getMessageID());
            described.put("from", addresses(message.getFrom()));
            described.put("to", addresses(message.getAllRecipients()));
            described.put("subject", message.getSubject());
            described.put("body", GreenMailUtil.getBody(message));
        } catch (MessagingException e) {
            described.put("error", "could not read this message: " + e.getMessage());
        }
        return described;
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).map(Address::toString).toList();
    }

    @Override
    public void close() {
        viewer.stop(0);
        greenMail.stop();
    }
}
