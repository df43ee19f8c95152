/**
 * Programs that use the jmlflow annotations without the javaagent: ajc weaves
 * {@code io.jmlflow.integrations.aspectj.MlflowAnnotationsAspect} into them at compile time.
 */
package io.jmlflow.samples.aspectj;
