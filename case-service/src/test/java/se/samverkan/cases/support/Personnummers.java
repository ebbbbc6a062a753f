package se.samverkan.cases.support;

/**
 * @deprecated use {@link se.samverkan.platform.test.TestPersonnummer#fresh()}; kept so tests written against this name
 * compile.
 */
@Deprecated(forRemoval = true)
public final class Personnummers {

    private Personnummers() {
    }

    public static String fresh() {
        return se.samverkan.platform.test.TestPersonnummer.fresh();
    }
}
