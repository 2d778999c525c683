package io.lethe.config;

import io.lethe.erasure.Erasure;
import io.lethe.erasure.ErasureRegistry;
import io.lethe.guard.Channel;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.DecidedFinding;
import io.lethe.guard.pipeline.GuardListener;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.proxy.SteeringWords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The words upstreams with {@code bad-words} on are steered away from: the names and aliases of the erased
 * subjects a request's prompt names, found by the erasure stage in force (its scopes apply). At most
 * {@value #MAX_WORDS} words a request. Runs on a worker thread.
 */
@ApplicationScoped
public class SteeringWiring {

    static final int MAX_WORDS = 64;

    @Produces
    @Singleton
    SteeringWords steeringWords(RegistryWiring registries, GuardWiring guard) {
        return (context, prompt) -> words(registries.registry(), guard.current().policy(), context, prompt);
    }

    static List<String> words(ErasureRegistry registry, io.lethe.guard.Policy policy, ScanContext context,
                              List<String> prompt) {
        GuardPipeline p = new GuardPipeline(List.<GuardStage>of(registry.stage()), policy);
        GuardSession s = p.open(context, GuardListener.NONE);
        s.wholeAnswer();
        for (int i = 0; i < prompt.size(); i++) {
            Channel ch = Channel.content(i);
            s.append(ch, prompt.get(i));
            s.finish(ch);
        }
        Set<String> ids = new LinkedHashSet<>();
        for (DecidedFinding f : s.findings()) {
            if (f.finding().erasureId() != null) {
                ids.add(f.finding().erasureId());
            }
        }
        Set<String> words = new LinkedHashSet<>();
        for (String id : ids) {
            Erasure e;
            try {
                e = registry.get(id);
            } catch (ErasureRegistry.NotFoundException gone) {
                continue;  // retired meanwhile
            }
            if (e.subject() != null) {
                words.addAll(e.subject().names());
                words.addAll(e.subject().aliases());
            }
        }
        return words.stream().limit(MAX_WORDS).toList();
    }
}
