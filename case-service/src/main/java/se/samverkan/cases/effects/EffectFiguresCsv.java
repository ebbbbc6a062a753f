package se.samverkan.cases.effects;

import se.samverkan.cases.effects.EffectFigures.FiguresView;
import se.samverkan.contracts.effects.EffectFiguresPublished.Figure;
import se.samverkan.contracts.effects.EffectFiguresPublished.Row;

/**
 * The figures as CSV (RFC 4180, comma-separated, UTF-8, one line per figure). A figure that is not shown has an
 * empty value and says why in {@code status} ({@code SUPPRESSED}, never 0). Every field is a code, a date or a number,
 * so nothing needs quoting.
 */
final class EffectFiguresCsv {

    static final String HEADER = "municipality,asOf,program,period,periodStart,periodEnd,concernGroup,figure,schoolWorkStatus,value,status";

    private EffectFiguresCsv() {
    }

    static String of(FiguresView view) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (Row row : view.rows()) {
            for (Figure figure : row.figures()) {
                csv.append(view.municipality()).append(',').append(view.asOf()).append(',').append(row.program()).append(',')
                        .append(row.period()).append(',').append(row.periodStart()).append(',').append(row.periodEnd()).append(',')
                        .append(row.concernGroup()).append(',').append(figure.figure()).append(',')
                        .append(figure.schoolWorkStatus() == null ? "" : figure.schoolWorkStatus().name()).append(',')
                        .append(figure.value() == null ? "" : figure.value().toPlainString()).append(',')
                        .append(figure.status()).append("\r\n");
            }
        }
        return csv.toString();
    }
}
