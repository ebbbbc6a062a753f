package se.samverkan.cases.catalogue;

/** Which catalogue a version belongs to (the {@code catalogue} column of {@code catalogue_version}). */
public enum CatalogueKind {
    LEGAL_BASES,
    VOCABULARIES
}
