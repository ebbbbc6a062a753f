package se.samverkan.contracts;

import se.samverkan.contracts.access.AccessIntegrationEvent;
import se.samverkan.contracts.access.DirectoryEntryChanged;
import se.samverkan.contracts.audit.AuditIntegrationEvent;
import se.samverkan.contracts.cases.CaseIntegrationEvent;
import se.samverkan.contracts.effects.EffectFiguresPublished;
import se.samverkan.contracts.reconciliation.PublicationManifest;

/**
 * The family an integration event belongs to, as a closed set. {@link IntegrationEvent} itself cannot be sealed (its
 * families live in other packages, which Java allows only inside a named module), so a consumer switches over
 * {@link IntegrationEvent#family()} instead: that switch, and the switches over the sealed families inside it, need
 * no {@code default}, and a new event type or family fails to compile until someone decides what it means there.
 */
public sealed interface EventFamily {

    IntegrationEvent event();

    record Case(CaseIntegrationEvent event) implements EventFamily {
    }

    record Access(AccessIntegrationEvent event) implements EventFamily {
    }

    record Directory(DirectoryEntryChanged event) implements EventFamily {
    }

    record Audit(AuditIntegrationEvent event) implements EventFamily {
    }

    record Manifest(PublicationManifest event) implements EventFamily {
    }

    /** A municipality's monthly effect figures (issue 15): aggregates about no case and no person. */
    record Effects(EffectFiguresPublished event) implements EventFamily {
    }
}
