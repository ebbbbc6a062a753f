package se.samverkan.cases;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.platform.test.ServerErrorDetail;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A refused row's values stay out of the driver's messages, and so out of every log an exception reaches. */
class DatabaseErrorHygieneIT extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void aRefusedRowIsNotQuotedInTheErrorMessage() {
        String refusal = ServerErrorDetail.refusalQuoting(dataSource, "Elsa Radsdotter 20100315-9124");
        assertThat(refusal).contains("violates not-null constraint").doesNotContain("Elsa", "20100315");
    }
}
