package se.samverkan.platform.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import se.samverkan.platform.problem.ProblemJson;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What Tomcat answers itself, before any filter or servlet: a request line it cannot parse (a '|', '{' or an encoded
 * slash in the path) or a request no web application maps. Its own page is HTML and, with the report on, quotes the
 * request target; this one is problem+json and quotes nothing.
 */
public class TomcatProblemValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get() || !response.setErrorReported()) {
            return;
        }
        String code = code(status);
        String body = ProblemJson.of(status, code, status >= 500 ? "Internal error" : "Invalid request", detail(status));
        try {
            response.setContentType(ProblemJson.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response committed: nothing more to say
        }
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 408 -> "request-timeout";
            case 413 -> "body-too-large";
            case 414 -> "uri-too-long";
            case 431 -> "headers-too-large";
            default -> status >= 500 ? "internal-error" : "http-" + status;
        };
    }

    static String detail(int status) {
        return switch (status) {
            case 400 -> "The request could not be read: its URL or headers hold characters or sequences HTTP does not allow "
                    + "here (such as '|', '{', an encoded slash, '..', ';' or '//'). Send the plain path, percent-encoding what must be";
            case 404 -> "No resource at this path";
            case 405 -> "This resource does not answer this HTTP method";
            case 408 -> "The request took too long to arrive; send it again";
            case 413 -> "The request body is larger than this service accepts";
            case 414 -> "The URL is longer than this service accepts";
            case 431 -> "The request headers are larger than this service accepts";
            default -> status >= 500 ? "Something went wrong on our side; try again later" : "The request was refused (HTTP " + status + ")";
        };
    }
}
