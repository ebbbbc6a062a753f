package se.samverkan.deploy.k8s;

import se.samverkan.deploy.DebianTool;

import java.io.IOException;

/** Debian's kubectl (package kubernetes-client), fetched by the build itself. */
final class Kubectl {

    static final String DEFAULT_PIN = "pool/main/k/kubernetes/kubernetes-client_1.20.5+really1.20.2-1.1+deb12u1_amd64.deb "
            + "087c42dc26c847740043cdaa8b16db666be5591a1da957f822922aa1b677494e";

    private Kubectl() {
    }

    static String run(String... args) throws IOException, InterruptedException {
        return DebianTool.of("debian.kubernetes-client", DEFAULT_PIN, "usr/bin/kubectl").run(args);
    }
}
