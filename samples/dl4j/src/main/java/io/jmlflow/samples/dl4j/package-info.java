/** Sample programs for dl4j (being written). */
package io.jmlflow.samples.dl4j;
