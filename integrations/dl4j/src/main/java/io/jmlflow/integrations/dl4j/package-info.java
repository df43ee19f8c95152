/** Autologging for dl4j (being written). */
package io.jmlflow.integrations.dl4j;
