/**
 * The catalogues a municipality maintains (issue 15): its legal bases ({@link se.samverkan.cases.catalogue.LegalBasisCatalogues})
 * and its version of the shared vocabularies ({@link se.samverkan.cases.catalogue.MunicipalVocabularies}), kept as
 * append-only versions in {@code catalogue_version}. The rules of both are in {@code domain}
 * ({@code LegalBasisCatalogue}, {@code MunicipalVocabulary}); here they are stored, read by the features that take
 * codes, and changed — only after the access policy said yes, with the access event in the same transaction.
 */
package se.samverkan.cases.catalogue;
