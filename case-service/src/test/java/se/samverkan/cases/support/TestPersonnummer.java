package se.samverkan.cases.support;

import java.time.LocalDate;

/**
 * @deprecated use {@link se.samverkan.platform.test.TestPersonnummer}; kept so tests written against this name compile.
 */
@Deprecated(forRemoval = true)
public final class TestPersonnummer {

    private TestPersonnummer() {
    }

    public static String bornOn(LocalDate birth) {
        return se.samverkan.platform.test.TestPersonnummer.bornOn(birth);
    }

    public static String coordinationNumberBornOn(LocalDate birth) {
        return se.samverkan.platform.test.TestPersonnummer.coordinationNumberBornOn(birth);
    }
}
