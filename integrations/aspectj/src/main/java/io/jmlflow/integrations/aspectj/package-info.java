/**
 * The jmlflow annotations through AspectJ, for JVMs that cannot take {@code -javaagent:mlflow-agent.jar}:
 * {@link io.jmlflow.integrations.aspectj.MlflowAnnotationsAspect} for compile-time weaving, load-time weaving and
 * Spring AOP. See this module's README.md for the set-up of each.
 */
package io.jmlflow.integrations.aspectj;
