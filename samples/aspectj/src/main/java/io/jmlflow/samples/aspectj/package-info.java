/** Sample programs for aspectj (being written). */
package io.jmlflow.samples.aspectj;
