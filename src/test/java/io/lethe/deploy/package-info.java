/**
 * Checks of the deployment files ({@code docker/}, {@code deploy/k8s/}): structural rules in Java that always
 * run, and the external linters and renderers (kubectl kustomize, kubeconform or the kubernetes-models schema
 * check, hadolint or dockerfile-utils) run when present and reported as skipped, naming the missing tool, when
 * absent. {@code .ci/run} is {@code ./mvnw -B verify}, so this is where those tools run in CI.
 */
package io.lethe.deploy;
