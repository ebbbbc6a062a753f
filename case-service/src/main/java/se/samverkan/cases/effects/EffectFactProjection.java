package se.samverkan.cases.effects;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;
import se.samverkan.cases.config.CaseServiceProperties;
import se.samverkan.cases.domain.CaseEvent;

import java.time.ZoneId;

/**
 * Feeds the pseudonymous fact store from the event store (its own tracking processor, so it can be reset and
 * rebuilt without touching the case lists): every case event through the one mapper, in the store's order.
 */
@Component
@ProcessingGroup(EffectFactProjection.PROCESSING_GROUP)
public class EffectFactProjection {

    public static final String PROCESSING_GROUP = "effect-facts";

    private final EffectFactMapper mapper;
    private final EffectFacts facts;

    public EffectFactProjection(EffectFacts facts, CaseServiceProperties properties) {
        this.facts = facts;
        this.mapper = new EffectFactMapper(ZoneId.of(properties.zone()));
    }

    @EventHandler
    void on(CaseEvent event) {
        mapper.map(event).forEach(facts::apply);
    }

    @ResetHandler
    void reset() {
        facts.reset();
    }
}
